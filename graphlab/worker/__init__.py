"""The training worker: the editor's torch and TensorFlow work, in a child process.

The editor (the GUI process) never imports a framework. Runs, step-throughs and
anything else that needs torch or TensorFlow happen in a worker process started with
``multiprocessing``'s *spawn* method; the two talk in small pickled messages
(:mod:`graphlab.worker.protocol`): commands go in, run progress (at most ~30 messages
a second however fast the model trains), results and replies come out. The GUI thread
therefore never waits for the framework's import, never shares its interpreter lock
with a training loop, and a crash in native code ends the worker, not the editor.

Scripts and the command line keep the in-process
:class:`~graphlab.train.session.TrainingSession`; the worker runs exactly that.
"""
