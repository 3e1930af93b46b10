"""What pyproject.toml cannot say: the top-level assets/ folder is the package
graphlab.assets (pyproject's package finder only sees folders under graphlab/)."""

from setuptools import find_packages, setup

ASSETS = ["graphlab.assets", "graphlab.assets.icons", "graphlab.assets.blocks"]

setup(packages=[*find_packages(include=["graphlab*"]), *ASSETS],
      package_dir={"graphlab.assets": "assets"})
