"""Tests for models.io: a bad document's errors name the field, and the list item by what names it."""

import pytest

from models.changes import Changes
from models.io import InputError, parse_document


def test_list_items_are_named_by_their_id_or_what_they_are_about():
    """A visit by its id; a van out of service or a consultant away by the van or consultant."""
    raw = {
        "add_visits": [
            {"id": "V900", "duration_minutes": 0, "earliest_date": "2027-03-02", "latest_date": "2027-03-05"}
        ],
        "vans_out": [{"van": "VAN-1", "start": "2027-03-10", "end": "2027-03-01"}],
        "consultants_away": [{"consultant": "C03", "start": "2027-03-10", "end": "2027-03-01"}],
    }
    with pytest.raises(InputError) as caught:
        parse_document(raw, Changes)
    assert caught.value.messages == [
        "add_visits[0] (V900).duration_minutes: Input should be greater than 0",
        "consultants_away[0] (C03): end is before start",
        "vans_out[0] (VAN-1): end is before start",
    ]
