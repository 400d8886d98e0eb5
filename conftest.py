"""Root pytest set-up, seen by both tests/ and notebooks/."""
import nbval.kernel


def _execute_like_jupyterlab(self, cell_input, allow_stdin=None):
    # nbval sends cells with store_history=False, and IPython then ignores a trailing ";"
    # (it looks for it in the history), so `plot(...);` would show a repr that JupyterLab,
    # and our stored outputs, never show. Run cells the way JupyterLab does.
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin,
                           stop_on_error=False)


nbval.kernel.RunningKernel.execute_cell_input = _execute_like_jupyterlab
