"""The reports page: preview, print and save the printed reports; close a period."""
