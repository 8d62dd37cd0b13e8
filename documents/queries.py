"""Reads of documents shared by the desk and the portal."""

from documents.models import CUSTOMER_FACING, Document, Kind

KIND_ORDER = {kind: position for position, kind in enumerate(Kind.values)}


def public_documents(complaint):
    """The latest version of each customer-facing kind of `complaint`, in the order of the
    process (confirmation, request, decision, protocol)."""
    latest = {}
    for document in Document.objects.filter(complaint=complaint, kind__in=CUSTOMER_FACING).order_by(
        "kind", "-version"
    ):
        document.complaint = complaint  # the file name reads its reference
        latest.setdefault(document.kind, document)
    return sorted(latest.values(), key=lambda document: KIND_ORDER[document.kind])


def documents_by_kind(complaint):
    """[(kind label, [documents, newest version first])] for the complaint page."""
    groups = {}
    documents = Document.objects.filter(complaint=complaint)
    for document in documents.select_related("created_by", "complaint"):
        groups.setdefault(document.kind, []).append(document)
    return [
        (Kind(kind).label, sorted(documents, key=lambda d: -d.version))
        for kind, documents in sorted(groups.items(), key=lambda item: KIND_ORDER[item[0]])
    ]


def public_document(complaint, document_id):
    """The customer-facing document `document_id` of `complaint` (any version), or None: what
    the portal may serve to whoever may see `complaint`, and nothing of another complaint."""
    return (
        Document.objects.filter(complaint=complaint, kind__in=CUSTOMER_FACING, pk=document_id)
        .select_related("complaint")
        .first()
    )
