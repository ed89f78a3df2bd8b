"""Build hook for the optional compiled extraction core (everything else is in pyproject.toml).

With ``RELEASEWATCH_COMPILE=1`` in the environment, the modules of the extraction pipeline are compiled to C
extensions by mypyc (part of mypy), the compiler mypy and black ship with: the same type-annotated source, the
same output, ≈ 1.4× the documents per second (bench/README.md). Without it — the default, and what an editable
install for development wants, since a compiled module would shadow edits to its ``.py`` — releasewatch installs
as pure Python. Compiling needs a C compiler.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

# The extraction pipeline. (``vendors`` stays Python: its registry is held in a ``WeakKeyDictionary``, which a
# compiled class does not support, and it is read once per process. ``collect`` owns ``Placed``, which ``placement``
# and ``tables`` use only in annotations: a type they built at import would be a cycle mypyc cannot initialise.)
_MODULES = ("assemble", "collect", "cues", "document", "licenses", "names", "params", "pipeline", "placement")
COMPILED = [f"src/releasewatch/extract/{name}.py" for name in (*_MODULES, "prescan", "tables")]


def _ext_modules() -> list[object]:
    if os.environ.get("RELEASEWATCH_COMPILE", "").strip().lower() not in ("1", "true", "yes"):
        return []
    if "editable_wheel" in sys.argv:
        print("releasewatch: RELEASEWATCH_COMPILE ignored for an editable install (it would shadow the sources)")
        return []
    from mypyc.build import mypycify  # (only needed, and only importable, when compiling)

    # (the build environment need not hold releasewatch's dependencies: their types are read as Any there)
    return list(mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3"))


setup(ext_modules=_ext_modules())
