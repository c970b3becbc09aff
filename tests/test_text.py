"""Ce que les chapitres impriment : nombres stables (sci) et tableaux HTML (table)."""

import pytest

from optim_lib import sci, table


def test_sci_writes_a_floor_below_rounding_noise():
    assert sci(3.14159e-5) == "3.1e-05"
    assert sci(-2e-13) == "< 1e-12"


def test_table_escapes_cells_and_aligns_numbers_right():
    html = table(["optimizer", "loss"], [["Adam <3>", "0.01"], ["SGD", "0.1"]])._repr_html_()
    assert "Adam &lt;3&gt;" in html and "<script" not in html
    assert html.count('<td style="text-align:right">') == 2 and html.count('<td style="text-align:left">') == 2
    assert html.startswith('<div tabindex="0" style="overflow-x:auto"><table><thead>')  # défilable au clavier


def test_table_refuses_an_alignment_that_does_not_match_the_columns():
    with pytest.raises(ValueError, match="une lettre par colonne"):
        table(["a", "b"], [[1, 2]], align="l")


def test_two_digits_keeps_two_significant_digits_and_writes_small_values_with_powers_of_ten():
    from optim_lib.teaching import two_digits

    assert [two_digits(x) for x in (0.4217, 12.3, 0.00153, -2.0e-5)] == ["0.42", "12", "1.5·10⁻³", "-2.0·10⁻⁵"]
