"""Committed trainers for the built-in examples, written by ``nnderive regenerate``.

Each module here is plain Python that needs only NumPy and Numba at run time.
"""
