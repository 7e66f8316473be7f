"""Everything the gateway says to Business Central, and nothing about GraphQL."""
