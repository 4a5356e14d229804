"""`Discriminated`: the runtime marker that makes a union of models a tagged union."""

from __future__ import annotations

import json
from typing import Annotated, List, Literal, Optional, Union

import pydantic
import pytest

from generator.runtime._models import BaseModel, Discriminated, validate_json


class Cat(BaseModel):
    type: Literal["cat"]
    lives: int


class Dog(BaseModel):
    type: Union[Literal["dog"], str]  # open enum, as in response models
    good: bool = True


Pet = Annotated[Union[Cat, Dog], Discriminated("type", {"cat": "Cat", "dog": "Dog"})]


class Owner(BaseModel):
    pet: Optional[Pet] = None
    pets: List[Pet] = []


def test_the_tag_picks_the_variant() -> None:
    owner = Owner.model_validate({"pet": {"type": "dog"}, "pets": [{"type": "cat", "lives": 9}]})
    assert isinstance(owner.pet, Dog) and isinstance(owner.pets[0], Cat)
    assert Owner.model_validate({"pet": None}).pet is None


def test_errors_name_only_the_tagged_variant() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        Owner.model_validate({"pet": {"type": "cat"}})
    assert [e["loc"] for e in caught.value.errors()] == [("pet", "cat", "lives")]


def test_unknown_or_missing_tag_falls_back_to_the_validated_union() -> None:
    """A newer API's variant must not break an older client."""
    assert isinstance(Owner.model_validate({"pet": {"type": "hamster"}}).pet, Dog)
    assert isinstance(Owner.model_validate({"pet": {"lives": 3, "type": "cat"}}).pet, Cat)
    with pytest.raises(pydantic.ValidationError):
        Owner.model_validate({"pet": {"lives": "many"}})  # no variant accepts it


def test_nested_paths_and_explicit_fallback() -> None:
    class Call(BaseModel):
        data: dict[str, str]

    class Floor(BaseModel):
        event_type: str

    class Other(BaseModel):
        brand: str

    event = Annotated[
        Union[Call, Floor, Other],
        Discriminated(
            (("data", "event_type"), "event_type"),
            {"call.answered": "Call", "floor.changed": "Floor"},
            fallback=("Other",),
        ),
    ]
    assert isinstance(validate_json(event, '{"data": {"event_type": "call.answered"}}'), Call)
    assert isinstance(validate_json(event, '{"event_type": "floor.changed"}'), Floor)
    assert isinstance(validate_json(event, '{"brand": "b"}'), Other)
    with pytest.raises(pydantic.ValidationError):  # unknown tag: only the fallback is tried
        validate_json(event, '{"event_type": "new.kind"}')


def test_round_trip_and_instances() -> None:
    value = {"pet": {"type": "cat", "lives": 9}, "pets": [{"type": "dog", "good": False}]}
    owner = Owner.model_validate_json(json.dumps(value))
    assert owner.model_dump(exclude_unset=True) == value
    assert Owner.model_validate(owner.model_dump()) == owner
    assert Owner(pet=Cat(type="cat", lives=1)).pet == Cat(type="cat", lives=1)
