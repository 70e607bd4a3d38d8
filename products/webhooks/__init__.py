"""Webhooks: operators' URLs that receive signed catalogue events, with every delivery logged."""
