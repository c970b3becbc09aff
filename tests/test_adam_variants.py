"""Les versions d'Adam des chapitres 7 et 8 : Adam sans correction du biais et Nadam « simple »."""

import numpy as np
import pytest

from optim_lib import Adam, Nadam
from optim_lib.optimizers import AdamWithoutBiasCorrection, PlainNadam


def noisy_gradients(size, seed):
    """Des gradients d'une quadratique bruitée, qui dépendent du point courant."""
    rng = np.random.default_rng(seed)
    scales = np.geomspace(0.01, 100, size)
    return lambda theta: scales * theta + rng.normal(scale=scales)


def test_without_correction_is_adam_with_a_varying_learning_rate():
    """Avec eps = 0, m / sqrt(v) = m_hat / sqrt(v_hat) × (1 - β1^t) / sqrt(1 - β2^t)."""
    alpha, (beta1, beta2) = 0.01, (0.8, 0.99)
    plain = AdamWithoutBiasCorrection(lr=alpha, betas=(beta1, beta2), eps=0.0)
    reference = Adam(lr=alpha, betas=(beta1, beta2), eps=0.0)
    theta, expected = np.ones(5), np.ones(5)
    gradient = noisy_gradients(5, seed=0)
    for t in range(1, 61):
        g = gradient(theta)
        reference.lr = alpha * (1 - beta1**t) / np.sqrt(1 - beta2**t)
        reference.step(expected, g.copy())
        plain.step(theta, g)
        np.testing.assert_allclose(theta, expected, rtol=1e-12, atol=1e-15, err_msg=f"pas {t}")


def test_first_step_without_correction_is_larger_than_alpha():
    """Pour un gradient constant, le premier pas vaut α (1 - β1) / sqrt(1 - β2) ≈ 3.16 α, contre α pour Adam."""
    for cls, expected in [(AdamWithoutBiasCorrection, 0.1 / np.sqrt(0.001)), (Adam, 1.0)]:
        theta = np.zeros(3)
        cls(lr=1e-3, eps=0.0).step(theta, np.array([2.0, -5e-3, 7e3]))
        np.testing.assert_allclose(np.abs(theta) / 1e-3, expected, rtol=1e-12)


def test_weight_decay_is_added_to_the_gradient_as_in_adam():
    """g + λθ = (9, -19) : le premier pas suit le signe du gradient régularisé, pas celui de g."""
    a = np.array([1.0, -2.0])
    AdamWithoutBiasCorrection(lr=0.1, weight_decay=10.0, eps=0.0).step(a, np.array([-1.0, 1.0]))
    np.testing.assert_allclose(a, [1.0 - 0.1 * 0.1 / np.sqrt(0.001), -2.0 + 0.1 * 0.1 / np.sqrt(0.001)])


def test_plain_nadam_is_nadam_with_a_constant_momentum():
    """Un momentum_decay immense rend μ_t = β1 à chaque pas : torch.optim.NAdam devient la forme simple."""
    plain, scheduled = PlainNadam(lr=0.01), Nadam(lr=0.01, momentum_decay=1e6)
    assert scheduled.mu(1) == 0.9 and scheduled.mu(500) == 0.9
    theta, expected = np.ones(6), np.ones(6)
    gradient = noisy_gradients(6, seed=1)
    for step in range(80):
        g = gradient(theta)
        scheduled.step(expected, g.copy())
        plain.step(theta, g)
        np.testing.assert_allclose(theta, expected, rtol=1e-12, atol=1e-15, err_msg=f"pas {step + 1}")


def test_plain_nadam_first_step_by_hand():
    """t = 1, gradient constant g : m = (1 - β1) g, donc m_hat = g (β1 / (1 + β1) + 1) et v_hat = g²."""
    beta1 = 0.9
    theta = np.zeros(2)
    PlainNadam(lr=0.5, betas=(beta1, 0.999), eps=0.0).step(theta, np.array([3.0, -0.2]))
    np.testing.assert_allclose(theta, [-0.5, 0.5] * np.array(beta1 / (1 + beta1) + 1), rtol=1e-12)


def test_plain_nadam_differs_from_torch_schedule():
    """Le calendrier par défaut (ψ = 0.004) donne μ_1 ≈ 0.45 : les deux trajectoires se séparent dès le premier pas."""
    a, b = np.ones(3), np.ones(3)
    PlainNadam().step(a, np.array([1.0, 2.0, 3.0]))
    Nadam().step(b, np.array([1.0, 2.0, 3.0]))
    assert np.all(np.abs(a - b) > 1e-4)


@pytest.mark.parametrize("cls", [AdamWithoutBiasCorrection, PlainNadam])
def test_memory_is_two_arrays_per_parameter(cls):
    params = [np.zeros((4, 3)), np.zeros(5)]
    optimizer = cls()
    optimizer.step(params, [np.ones((4, 3)), np.ones(5)])
    assert optimizer.state_size() == 2 * 17


@pytest.mark.parametrize("hyper, text", [
    ({"lr": -1.0}, "lr : -1.0"),
    ({"betas": (0.9, 1.0)}, "betas[1] : 1.0"),
    ({"eps": -1e-8}, "eps : -1e-08"),
])
def test_plain_nadam_refuses_invalid_hyperparameters(hyper, text):
    with pytest.raises(ValueError, match="invalide") as error:
        PlainNadam(**hyper)
    assert text in str(error.value)
