"""Faire tourner les optimizers : une exécution (``run``), beaucoup d'un coup (``run_batched``), et les
calendriers de learning rate (``schedules``)."""

from .batched import BatchedRuns, run_batched
from .loop import Trajectory, minibatches, run
from .schedules import Constant, Cosine, Geometric, RangeTest, StepDecay, WarmUp, lr_range_test, warmup_cosine

__all__ = ["Trajectory", "run", "minibatches", "BatchedRuns", "run_batched", "Constant", "StepDecay", "Cosine",
           "WarmUp", "Geometric", "RangeTest", "lr_range_test", "warmup_cosine"]
