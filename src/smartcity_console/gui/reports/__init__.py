"""Printable reports (issue 16): the shift handover report as a PDF and its windows."""
