"""The single place where entities become DynamoDB items and items become entities."""
