"""orders.customer: the order form's details, every fault at once; countries from ISO 3166-1."""

import pytest

from configurator.errors import FormErrors
from configurator.orders.customer import check_customer, countries
from tests.configurator.conftest import CUSTOMER


def test_countries_are_iso_3166_alpha_2_codes_with_names():
    known = countries()
    assert len(known) >= 240 and known["DE"] == "Germany" and known["PT"] == "Portugal"
    assert all(len(code) == 2 and code.isupper() for code in known)


def test_every_fault_is_named_at_once():
    with pytest.raises(FormErrors) as caught:
        check_customer({"name": " ", "email": "ada@", "address": "Berlin", "country": "Germany"})
    assert set(caught.value.errors) == {"name", "email", "address", "country"}
    assert caught.value.status == 422 and "Please give an email" in caught.value.to_dict()["message"]


def test_a_known_country_in_any_case_is_kept_as_its_code():
    assert check_customer({**CUSTOMER, "country": "pt"})["country"] == "PT"


def test_over_long_or_nul_details_are_refused_as_the_api_refuses_them():
    with pytest.raises(FormErrors) as caught:
        check_customer({**CUSTOMER, "name": "A" * 121, "email": "a@b.co\x00", "address": "x" * 1001})
    assert set(caught.value.errors) == {"name", "email", "address"}
