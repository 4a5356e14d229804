"""Mistakes a type checker must report: each line with an ERROR comment must fail."""

# pyright: strict

from __future__ import annotations

from telnyx_client import Telnyx
from telnyx_client.types import AddressCreateParams, DefinitelyNotAType  # ERROR missing type
from telnyx_client.types.calls import NotACallType  # ERROR missing subpackage type
from telnyx_client.types.cloudflare_sync_status import CloudflareSyncStatus

client = Telnyx(api_key="KEY")
client.addresses.with_raw_response.retreive("addr_1")  # ERROR misspelt raw method
client.addresses.with_streaming_response.retreive("addr_1")  # ERROR misspelt streaming method
client.with_raw_response.adresses.retrieve("addr_1")  # ERROR misspelt resource
client.addresses.retrieve("addr_1", timout=0.5)  # ERROR misspelt option
client.addresses.retrieve("addr_1", {"X-A": "1"})  # ERROR positional option
print(DefinitelyNotAType, NotACallType)

ip = client.access_ip_address.retrieve("ip_1")
print(ip.created_at.year)  # ERROR optional datetime used unchecked
typo: CloudflareSyncStatus = "actve"  # ERROR not a value of the enum
if ip.status == "actve":  # ERROR a comparison that can never hold
    print(ip.status)

incomplete: AddressCreateParams = {"business_name": "Acme"}  # ERROR required keys missing
