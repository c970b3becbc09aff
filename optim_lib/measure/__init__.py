"""Mesurer : résumer une trajectoire, comparer des réglages, le bruit des mini-batches, la mémoire, l'état.

- ``trajectories`` : le premier pas où une condition tient (``first_step``), l'écart final ;
- ``sweeps`` : balayer un hyperparamètre, garder le meilleur, repérer une exécution chaotique ;
- ``protocol`` : comparer des optimizers (balayage large, plusieurs graines, intervalles, égalités) ;
- ``noise`` : le bruit d'un gradient de mini-batch, mesuré et prédit ;
- ``memory`` : la mémoire d'un optimizer, état et pic d'un pas ;
- ``state`` : l'état d'un optimizer pas à pas, et son learning rate effectif.
"""

from .memory import (BYTES_PER_FLOAT, COURSE_TABLE, course_multiple, in_units, model_memory_bytes, random_model,
                     step_peak_bytes)
from .noise import minibatch_gradients, minibatch_variance, per_example_gradients
from .protocol import Result, check_grid, compare, final_loss, lr_grid, steps_to, ties, versus
from .state import StateRecorder, effective_lr
from .sweeps import best, chaotic, run_twins, sweep, twin_start
from .trajectories import first_step, steps_below, tail_gap

__all__ = ["first_step", "steps_below", "tail_gap", "sweep", "best", "run_twins", "twin_start", "chaotic", "per_example_gradients",
           "minibatch_gradients", "minibatch_variance", "BYTES_PER_FLOAT", "COURSE_TABLE", "course_multiple",
           "in_units", "model_memory_bytes", "random_model", "step_peak_bytes", "StateRecorder", "effective_lr", "Result", "check_grid", "compare", "final_loss", "lr_grid",
           "steps_to", "ties", "versus"]
