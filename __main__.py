"""The stack program: declares the NP6 imports of the selected stack, from stacks/<stack>.py."""

import importlib

import pulumi

stack_module = importlib.import_module(f"stacks.{pulumi.get_stack().replace('-', '_')}")
stack_module.declare()
