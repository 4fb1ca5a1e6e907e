"""The stakeholder page (`escalation-tui serve`): read-only, live, per audience, behind tokens.

It reaches incidents only through the service layer (an import contract says so) and
never serves a confidential incident.
"""
