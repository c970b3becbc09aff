"""Mesurer : résumer une trajectoire, comparer des réglages, le bruit des mini-batches, la mémoire, l'état.

- ``trajectories`` : le premier pas où une condition tient (``first_step``), l'écart final ;
- ``sweeps`` : balayer un hyperparamètre, garder le meilleur, repérer une exécution chaotique ;
- ``noise`` : le bruit d'un gradient de mini-batch, mesuré et prédit ;
- ``memory`` : la mémoire d'un optimizer, état et pic d'un pas ;
- ``state`` : l'état d'un optimizer pas à pas, et son learning rate effectif.
"""

from .memory import (BYTES_PER_FLOAT, COURSE_TABLE, course_multiple, in_units, model_memory_bytes, random_model,
                     step_peak_bytes)
from .noise import minibatch_gradients, minibatch_variance, per_example_gradients
from .state import StateRecorder, effective_lr
from .sweeps import best, run_twins, sweep
from .trajectories import first_step, steps_below, tail_gap

__all__ = ["first_step", "steps_below", "tail_gap", "sweep", "best", "run_twins", "per_example_gradients",
           "minibatch_gradients", "minibatch_variance", "BYTES_PER_FLOAT", "COURSE_TABLE", "course_multiple",
           "in_units", "model_memory_bytes", "random_model", "step_peak_bytes", "StateRecorder", "effective_lr"]
