"""The service layer: the only API that the CLI and the dashboard call.

Every call that touches organisation data takes the acting principal first and applies the
access rules of DESIGN.md section 6. One module per area.
"""
