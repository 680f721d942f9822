"""Emit stage: OSCAL documents, the auditor packet and its manifest."""
