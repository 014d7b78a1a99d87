"""`kis mcp`: the binding as an MCP server (the `mcp` extra), built from the generated catalog.

Tools: find_trs, describe_tr, call_tr (read-only TRs), and, only when started with --orders,
prepare_order / confirm_order / order_usage. See server.py and the README's "Agents (MCP)".
"""
