from articles.documents.admin import documents, programmes

__all__ = ["documents", "programmes"]
