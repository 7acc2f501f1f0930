"""The export of a subject access request: what the portal holds about one person, as a ZIP."""
