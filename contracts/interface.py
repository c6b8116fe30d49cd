"""IFC-030: the Persistence Wrapper API every Nova Cat Lambda and workflow calls.

Every implementation (the boto3 reference, the in-memory fake, a candidate under conformance)
provides :class:`PersistenceWrapper`. Rules that hold for every operation:

- **No read-then-write.** Every invariant is a condition expression or a transaction, so the
  outcome is the same under any interleaving of concurrent callers.
- **Typed errors only.** Operations raise :class:`~.errors.PersistenceError` subclasses, never
  a backend exception. Invalid input raises :class:`~.errors.InputValidationError` (or a
  subclass: :class:`~.errors.KeyShapeError`, :class:`~.errors.EncodingError`,
  :class:`~.errors.PointerLayoutError`) before any request is sent; so does an argument of a
  type this interface does not name for it (:mod:`~.argument_checks`), and an entity or
  other model, given or in a record, that its model refuses (built without validation:
  ``model_construct``, ``model_copy(update=...)``), never Python's own AttributeError or
  TypeError from inside an operation, never stored. A member of a string enumeration may
  be given as its text (``"ACTIVE"`` for ``NovaStatus.ACTIVE``), as an argument or in a
  record, and acts as that member; a text naming no member is invalid input. A value DynamoDB
  cannot store exactly is invalid input (EncodingError: NaN, a number beyond 38 digits or
  DynamoDB's range, text holding NUL or a lone surrogate, a document nesting lists and maps
  deeper than the 31 levels an attribute holds, an item over 400 KB); one it can is stored as
  given, at those limits too. Throttling, 5xx,
  transaction conflicts and timeouts raise :class:`~.errors.RetryableError` subclasses, and
  retrying the same call converges on the intended end state (no duplicated effect).
- **Conditional failures carry the stored item.** A refused conditional write raises a
  :class:`~.errors.ConditionalWriteError` whose ``existing`` is the stored entity (or None).
- **Replays are no-ops.** A create-only write that finds the same content already stored
  returns it with ``created=False``; other content is a typed error.
- **Retried executions count once.** Step Functions retries a failed task by running it
  again: the same logical call arrives as a new request, often after the first one was
  applied and its answer lost. Every operation that counts, appends or transitions applies at
  most once per asking execution. Those whose effect a second application would repeat take
  the execution's identity (``execution``: its JobRun id, or an idempotency token where no
  JobRun exists, :data:`~.operations.ExecutionId`) and answer the second call with the same
  identity with the first call's result (the stored item, or the same typed error: a call
  refused writes nothing, so its retry is refused alike); a call with another identity is a
  new call and counts. The others are idempotent by what they write (a key, a set union, a
  compare-and-set, the state they move to). Each operation's docstring says which, by which
  mechanism (a condition on the last applier recorded on the item, a per-execution
  :class:`~.entities.ExecutionMarker` in the same transaction, the item's own identity) and
  why. A call without ``execution`` (a caller of 1.x) or with a malformed one is refused
  before any request, by an error that names it (InputValidationError; a TypeError is
  Python's own refusal of a missing keyword).
- **Evolution safety.** Every write stamps the current schema version; no write overwrites an
  item whose stored version is newer than the writer's (:class:`~.errors.StaleWriterError`),
  nor one it cannot read (a ``schema_version`` that is no version, or none where the entity
  type needs one): that write raises the typed error a read of the item raises and changes
  nothing. Every read decodes through the codec, upcasting older versions (a version stored
  as a number is the version it says); an attribute stored NULL reads as absent, and a
  write's test that an attribute is unset (a compare-and-set from unset, a write-once field)
  holds for it as well.
- **Listings tolerate old items.** A listing returns a list of its current model; an item of a
  historical era that reads into a legacy model (``contracts/entities/legacy.py``) never fails
  it: it is left out of the list and reported in the returned list's ``skipped``
  (:class:`~.operations.Listing`, :class:`~.operations.SkippedItem`: its key, its era and its
  reading as that era; :func:`~.operations.skipped_of` for code typed against this Protocol).
- **Timestamps** (``created_at``, ``updated_at``, attempt and lock times) come from the
  implementation's clock; ``created_at`` never changes after creation.
- **Logs.** Each operation emits one structured log record (operation, entity type, PK/SK,
  condition outcome, latency, retries, consumed capacity, ``correlation_id``), keys only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol, runtime_checkable
from uuid import UUID

from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    DataProduct,
    DocumentValue,
    FileObject,
    IdempotencyLock,
    JobRun,
    LocatorAlias,
    NameMapping,
    Nova,
    NovaReference,
    OffsetCache,
    PhotometryRow,
    PhotometryTable,
    Reference,
    RegenBatchPlan,
    SpectraProduct,
    StepDedupe,
    WorkItem,
)
from novacat_persistence.contracts.entities.regeneration import NovaResult
from novacat_persistence.contracts.enums import (
    ErrorClass,
    FileRole,
    JobRunStatus,
    ManualReviewStatus,
    NameSource,
    NovaStatus,
    StepKind,
    ValidationStatus,
)
from novacat_persistence.contracts.keys import JobRunKey, SpectraProductKey, WorkItemKey
from novacat_persistence.contracts.operations import (
    AcquisitionVerdict,
    ExecutionId,
    JobRunAnnotation,
    LockAcquisition,
    LockToken,
    NovaCounts,
    NovaPosition,
    PhotometryIngestion,
    PlanEnding,
    PointerAuditReport,
    RawObject,
    SpectraRegistration,
    Stored,
    ValidationOutcome,
    VisibleStatus,
)

IFC_030_VERSION: Final = "2.1.4"
"""The version of this interface. Its MAJOR changes only with an ADR, for a breaking change
(a removed operation or parameter, a new required parameter, changed semantics). 2.0.0: the
operations that count or transition take the asking execution's identity and apply once per
execution (docs/adr/0001-retried-executions-count-once.md). 2.0.1: promises stated that 2.0.0
left unsaid (contracts/CHANGELOG.md)."""


@runtime_checkable
class PersistenceWrapper(Protocol):
    """The persistence wrapper: the only way Nova Cat code reaches its table (INV-011)."""

    # --- identity and names ------------------------------------------------------------------

    def create_nova(
        self, nova: Nova, *, name_source: NameSource = NameSource.USER_INPUT
    ) -> Stored[Nova]:
        """Create a Nova and its PRIMARY NameMapping (``nova.primary_name_normalized``) in one
        transaction: both or neither.

        Returns the stored Nova; ``created=False`` when the same Nova was already stored (a
        replay). Raises AlreadyExistsError when another Nova has this id; ConflictError when the
        primary name already maps to another nova.

        Per execution: idempotent by its key (the nova id): a retried task's call finds the
        same Nova and is answered ``created=False``; nothing counts.
        """
        ...

    def get_nova(self, nova_id: UUID) -> Nova | None:
        """Return the Nova, or None."""
        ...

    def resolve_name(self, name_normalized: str) -> list[NameMapping]:
        """Return every NameMapping of a normalized name (several means the name is ambiguous),
        ordered by nova_id."""
        ...

    def attach_alias(
        self, nova_id: UUID, name_raw: str, name_normalized: str, source: NameSource
    ) -> Stored[NameMapping]:
        """Map an ALIAS name to an existing nova, create-only.

        The same alias for the same nova is a no-op (``created=False``). Raises ConflictError
        when the name already maps to another nova, NotFoundError when the nova does not exist.

        Per execution: idempotent by its key (name and nova): a retried call is that no-op.
        """
        ...

    def quarantine_identity(self, nova: Nova, context: FileObject) -> Stored[Nova]:
        """Create a QUARANTINED Nova (``nova.status`` must be QUARANTINED, with a reason code)
        and its pre-nova WORKFLOW_QUARANTINE_CONTEXT FileObject under
        ``WORKFLOW#<correlation_id>``, in one transaction. Replays return ``created=False``;
        an existing Nova with other content raises AlreadyExistsError.

        Per execution: idempotent by its keys: a retried call is a replay (``created=False``).
        """
        ...

    def add_nova_aliases(self, nova_id: UUID, aliases: Sequence[str]) -> Nova:
        """Add names to ``Nova.aliases`` (set union, order of first addition kept). Concurrent
        additions are all kept. Raises NotFoundError when the nova does not exist. Any number
        of names may be given. Names the nova's item cannot hold (DynamoDB's 400 KB item size,
        its other fields included) raise InputValidationError, and none of them is stored,
        however other additions race it. More names than one request's conditions hold
        (50) go in one append on condition that the aliases are as read: when they keep
        changing under it, TransactionConflictError (retryable), none of them stored.

        Per execution: an append that is a set union (each name on condition that the list
        does not contain it, or the list as read), so a retried call appends nothing twice
        and writes nothing when every name is there; no identity is needed."""
        ...

    def set_discovery_date(
        self, nova_id: UUID, discovery_date: str, *, expected: str | None
    ) -> Nova:
        """Set ``Nova.discovery_date`` only if it currently equals ``expected`` (None: unset).

        Raises ConflictError (with the stored Nova) when a concurrent change got there first,
        NotFoundError when the nova does not exist.

        Per execution: a compare-and-set: a retried call whose first try set the date finds
        ``discovery_date`` stored and gets the stored Nova, writing nothing.
        """
        ...

    def rename_primary(
        self,
        nova_id: UUID,
        primary_name: str,
        primary_name_normalized: str,
        *,
        expected_primary_name_normalized: str,
    ) -> Nova:
        """Change the primary name, only if the stored primary name is still ``expected...``:
        in one transaction, update the Nova, create the new PRIMARY NameMapping and turn the
        old one into an ALIAS. Raises ConflictError on a concurrent rename or when the new name
        maps to another nova, NotFoundError when the nova does not exist.

        Per execution: a compare-and-set: a retried call whose first try renamed the nova finds
        the new name stored and gets the stored Nova, writing nothing."""
        ...

    # --- spectra discovery and lifecycle ------------------------------------------------------

    def register_spectra_product(self, registration: SpectraRegistration) -> Stored[SpectraProduct]:
        """Mint the deterministic ``data_product_id``
        (:func:`~.identity.spectra_product_id`) and create the LocatorAlias and the spectra
        stub (STUB, UNVALIDATED, eligibility ACQUIRE, counters zero, in GSI1) in one
        transaction.

        Concurrent registrations of one product leave one alias and one stub and all return the
        same id. A product that already exists is returned untouched (``created=False``): a
        VALID one stays out of the index, any other keeps its counters. A registration left
        half written (Nova Cat's services write the alias, then the stub, in two requests) is
        completed: the missing alias or stub is written as a registration writes it, the other
        left as it is (``created`` tells whether the stub was written). Raises ConflictError
        when the locator is already aliased to a product of another nova.

        Per execution: idempotent by its deterministic id: a retried call is answered
        ``created=False``.
        """
        ...

    def get_spectra_product(self, key: SpectraProductKey) -> SpectraProduct | None:
        """Return a spectra product (upcast to the current version), or None."""
        ...

    def resolve_locator(self, provider: str, locator_identity: str) -> LocatorAlias | None:
        """Return the LocatorAlias of a provider's locator identity, or None."""
        ...

    def decide_acquisition(self, key: SpectraProductKey) -> AcquisitionVerdict:
        """Decide what to do with a product now: SKIPPED_DUPLICATE when VALID; TERMINAL when
        TERMINAL_INVALID; QUARANTINE_GATED when QUARANTINED (never retried automatically);
        SKIPPED_BACKOFF when now < ``next_eligible_attempt_at``; else PROCEED. Writes nothing.
        Raises NotFoundError when the product does not exist."""
        ...

    def record_raw_acquisition(self, key: SpectraProductKey, raw: RawObject) -> SpectraProduct:
        """Record the acquired raw FITS (ACQUIRED, pointer, size, ETag, sha256).

        The key must be :func:`~.s3_layout.raw_spectra_key` of the product (else
        PointerLayoutError). Once the product is VALID its raw pointer cannot change:
        PointerImmutableError, nothing written. Raises NotFoundError for a missing product.

        Per execution: idempotent by what it records: a product that is ACQUIRED with this
        very object (bucket, key, size, ETag, sha256), or VALID with this pointer, is not
        written again and is the answer, so a retried task changes nothing. No identity: the
        same object recorded twice is one state.
        """
        ...

    def record_retryable_failure(
        self, key: SpectraProductKey, *, error_fingerprint: str, execution: ExecutionId
    ) -> SpectraProduct:
        """Record a failed attempt that may be retried: ``attempt_count_total`` + 1 (an atomic
        ADD: concurrent failures are all counted), ``last_attempt_at`` = now,
        ``last_attempt_outcome`` RETRYABLE_FAILURE, ``last_error_fingerprint``, and
        ``next_eligible_attempt_at`` = now + the backoff policy's delay; acquisition status
        FAILED_RETRYABLE. Eligibility is unchanged. Raises InvalidTransitionError when the
        product already has a definitive result, NotFoundError when it does not exist.

        Per execution (``execution``: the acquiring execution's JobRun id, or a token per
        failure when one execution records several): counted once. Mechanism: a condition on
        the last applier recorded on the product (``last_applied_by``, DataProduct 2.2.0):
        the ADD applies unless the last call applied to the product is this execution's
        failure (``last_applied_by`` this execution and ``last_attempt_outcome``
        RETRYABLE_FAILURE), and records the execution.
        Why: a product's acquisition is serialized by the acquire_and_validate_spectra
        workflow lock (one execution per product at a time, for longer than a task's retries
        take), so no other execution's failure falls between a call and its retry; one
        conditional update, and the replay returns the product as the first call left it. The
        second call with the same identity writes nothing but a cooldown its first try
        counted and did not lengthen, and returns the stored product; another identity
        counts.
        """
        ...

    def record_validation_result(
        self, key: SpectraProductKey, outcome: ValidationOutcome, *, execution: ExecutionId
    ) -> SpectraProduct:
        """Record a definitive result in one update: validation status, fingerprints
        (``content_fingerprint``; ``last_successful_fingerprint`` when VALID), attempt
        bookkeeping (+1, outcome SUCCESS / QUARANTINE / TERMINAL_FAILURE), eligibility NONE,
        the GSI1 attributes REMOVED and ``execution`` as ``last_applied_by``; only from
        UNVALIDATED. Raises NotFoundError when the product does not exist, InputValidationError
        (before any request) when the outcome names the product itself as the one it
        duplicates (``duplicate_of_data_product_id``, as ``record_duplicate`` refuses it).

        Per execution (``execution``: the validating execution's JobRun id): a transition
        applied once. Mechanism: the UNVALIDATED condition applies it at most once at all;
        the last applier recorded on the product tells its retry from another call. Why: after
        a definitive result only a human review moves the product on, so the recorded applier
        still names the first call when its retry arrives. The second call with the same
        identity and the same result returns the stored product (nothing written, counted
        once); any other call (another identity, or another result) raises ConflictError with
        the stored product.
        """
        ...

    def clear_quarantine(
        self, key: SpectraProductKey, decision: ManualReviewStatus, *, execution: ExecutionId
    ) -> SpectraProduct:
        """Apply a human review to a QUARANTINED product. CLEARED_RETRY_APPROVED makes it
        UNVALIDATED and eligible again (GSI1 attributes restored, cooldown removed);
        CLEARED_TERMINAL makes it TERMINAL_INVALID. Raises InvalidTransitionError when the
        product is not QUARANTINED (or the decision is PENDING), NotFoundError when missing.

        Per execution (``execution``: an idempotency token of the review, such as its request
        id; there is no JobRun): applied once. Mechanism: a per-execution ExecutionMarker
        created in the same transaction as the transition. Why: once a retry is approved,
        acquisitions (and a new quarantine) may write the product before the review's retry
        arrives, so nothing on the product can still tell that retry apart; its marker can.
        The second call with the same token writes nothing and returns the stored product;
        another token is a new review, refused with InvalidTransitionError unless the
        product is QUARANTINED again.
        """
        ...

    def list_eligible_spectra(self, nova_id: UUID) -> list[SpectraProduct]:
        """Return the nova's spectra with eligibility ACQUIRE, from GSI1 (eventually
        consistent: a GSI never serves consistent reads), ordered by provider then id."""
        ...

    def list_data_products(self, nova_id: UUID) -> list[DataProduct]:
        """Return every DataProduct of a nova, product-type first: the photometry table, then
        spectra by provider then id (composites after their provider's single products whose
        id sorts before ``COMPOSITE``: the SK order). All pages are read."""
        ...

    def put_composite_spectra(self, composite: CompositeSpectra) -> Stored[CompositeSpectra]:
        """Create a composite spectrum, create-only: the same composite again returns
        ``created=False``; other content under the same id raises AlreadyExistsError. Per
        execution: idempotent by its deterministic id."""
        ...

    # --- photometry singleton ------------------------------------------------------------------

    def ensure_photometry_table(self, nova_id: UUID) -> Stored[PhotometryTable]:
        """Create the nova's one photometry table (``PRODUCT#PHOTOMETRY_TABLE``, id
        :func:`~.identity.photometry_product_id`) if missing; return it either way. Concurrent
        calls leave exactly one item.

        Per execution: create-if-missing by its key: a retried call writes nothing."""
        ...

    def get_photometry_table(self, nova_id: UUID) -> PhotometryTable | None:
        """Return the nova's photometry table, or None."""
        ...

    def record_photometry_ingestion(
        self, nova_id: UUID, ingestion: PhotometryIngestion, *, execution: ExecutionId
    ) -> PhotometryTable:
        """Record a routine ingestion: ``ingestion_count`` + 1 (atomic ADD),
        ``last_ingestion_at``/``last_ingestion_source``, the pointer at the canonical key
        :func:`~.s3_layout.photometry_key`. When ``table_schema_version`` differs from the
        stored one, the snapshot key of the old version is recorded in ``snapshot_s3_keys``
        exactly once; routine ingestions never record one. Creates the table if missing.

        Per execution (``execution``: the ingesting execution's JobRun id, or a token per
        ingestion when one execution records several): counted once. Mechanism: a
        per-execution ExecutionMarker created in the same transaction as the ADD. Why: the
        table is one item per nova that independent executions (sources, ticket ingestion,
        executions of other hours) write concurrently, so another ingestion may be counted
        between a call and its retry: only a marker of the call itself recognizes the retry
        then. The second call with the same identity writes nothing and returns the stored
        table (read after the write, so it may show later ingestions too); another identity
        counts.
        """
        ...

    # --- references ------------------------------------------------------------------------------

    def upsert_reference(self, reference: Reference) -> Reference:
        """Create the Reference or update its mutable fields
        (:data:`~.entities.reference.MUTABLE_REFERENCE_FIELDS`); ``created_at`` is kept.

        Per execution: last writer wins, counting nothing: a retried call writes the same
        fields again (only ``updated_at`` moves)."""
        ...

    def get_reference(self, bibcode: str) -> Reference | None:
        """Return a Reference by bibcode, or None."""
        ...

    def link_nova_reference(self, link: NovaReference) -> Stored[NovaReference]:
        """Create a NovaReference, create-only: an existing link is returned untouched
        (``created=False``). Per execution: idempotent by its key."""
        ...

    def list_nova_references(self, nova_id: UUID) -> list[NovaReference]:
        """Return a nova's reference links, ordered by bibcode."""
        ...

    # --- file objects ----------------------------------------------------------------------------

    def put_file_object(self, file: FileObject) -> Stored[FileObject]:
        """Record an S3 object, create-only. Its key is checked against the layout for its
        role and ids (PointerLayoutError). The same record again returns ``created=False``;
        other content under the same id raises AlreadyExistsError. Per execution: idempotent
        by its key (the file id)."""
        ...

    def list_file_objects(self, nova_id: UUID, role: FileRole | None = None) -> list[FileObject]:
        """Return a nova's FileObjects, all or of one role, in SK order."""
        ...

    def list_workflow_files(self, correlation_id: str) -> list[FileObject]:
        """Return the pre-nova FileObjects of a workflow execution."""
        ...

    def audit_pointers(self, *, nova_id: UUID | None = None) -> PointerAuditReport:
        """Check every recorded S3 pointer (of one nova, or all) against S3: the object exists,
        and its size, ETag and sha256 (where recorded) match. Every FileObject, raw spectra
        pointer and photometry table pointer is checked, those of legacy items (a
        LegacyFileObject) included; each finding names the key the item is stored under. An
        item of these types that cannot be read is an UNREADABLE finding (its pointer cannot
        be checked). Writes nothing. Raises InputValidationError when the wrapper has no S3
        client."""
        ...

    # --- job runs and attempts ---------------------------------------------------------------

    def begin_job_run(self, job_run: JobRun) -> JobRun:
        """Create a RUNNING JobRun, create-only: never a second item for one ``job_run_id``.

        Per execution (the identity is the run's own ``job_run_id``): a begin finding a run of
        the same execution stored (same id, workflow, correlation id and nova; the start time
        may differ, as a retried task reads its clock again) is its retried begin and returns
        the stored run, writing nothing. Mechanism: the run and its JobRunClaim created in one
        transaction, create-only. A stored run of the id with another workflow, correlation id
        or nova raises AlreadyExistsError carrying it."""
        ...

    def finalize_job_run(
        self,
        key: JobRunKey,
        status: JobRunStatus,
        *,
        error_classification: ErrorClass | None = None,
        error_fingerprint: str | None = None,
    ) -> JobRun:
        """Move a RUNNING JobRun to a final status with ``ended_at`` = now. Allowed only from
        RUNNING: a finalize with another outcome raises InvalidTransitionError and the first
        outcome stays. Raises NotFoundError when the run does not exist.

        Per execution (the identity is the run itself, ``key``): a transition applied once.
        Mechanism: the RUNNING condition. A finalize that finds the outcome it asks for
        (status, error classification and fingerprint) already recorded is the run's retried
        finalize: it writes nothing and returns the stored run (``ended_at`` of the first)."""
        ...

    def get_job_run(self, key: JobRunKey) -> JobRun | None:
        """Return a JobRun, or None."""
        ...

    def list_job_runs(
        self,
        *,
        nova_id: UUID | None = None,
        correlation_id: str | None = None,
        workflow_name: str | None = None,
    ) -> list[JobRun]:
        """Return the JobRuns of a nova or of a pre-nova correlation id (exactly one of the
        two), optionally of one workflow, oldest first.

        By ``nova_id``, only the runs filed under the nova's partition are listed (JobRun
        1.0.0's rule). A run is filed under its correlation id since JobRun 1.1.0, as Nova
        Cat's job run manager files every run: list those by ``correlation_id``. No index
        finds a nova's runs across correlation ids."""
        ...

    def record_attempt(self, attempt: Attempt) -> Stored[Attempt]:
        """Record one task invocation, create-only (a replay returns ``created=False``). Per
        execution: idempotent by its key (run, task, attempt number, start); a retried task is
        a new attempt and is recorded under its own attempt number."""
        ...

    def list_attempts(self, nova_id: UUID, job_run_id: UUID) -> list[Attempt]:
        """Return a JobRun's attempts in SK order (task, attempt number, time)."""
        ...

    # --- idempotency -----------------------------------------------------------------------------

    def acquire_lock(
        self,
        idempotency_key: str,
        *,
        job_run_id: UUID,
        workflow_name: str,
        primary_id: str,
    ) -> LockAcquisition:
        """Take the workflow idempotency lock of ``idempotency_key``
        (:func:`~.identity.workflow_idempotency_key`) for :data:`~.operations.LOCK_TTL`.

        A conditional create, or a takeover of a lock whose recorded expiry (``ttl``) has
        passed although the item still exists (TTL deletes lazily). Returns ACQUIRED with a
        fresh holder token, or ALREADY_COMPLETED (no token) when an earlier execution completed
        the work. Raises LockHeldError (RETRYABLE) while another live holder has it.

        Per execution (``job_run_id``): the same job run asking again while it holds the lock
        gets its own token back.

        A lock Nova Cat's idempotency guard stored (no ``state``, no holder token) is held like
        any other until its ``ttl``; its own job run asking gets a token for it.
        """
        ...

    def release_lock(self, token: LockToken) -> None:
        """Delete the lock, only if ``token`` still holds it. Raises LockLostError (nothing
        changed) when it was taken over. Per execution (the token): releasing a lock that is
        gone, or that this token completed, changes nothing and succeeds."""
        ...

    def complete_lock(self, token: LockToken) -> IdempotencyLock:
        """Mark the lock's work COMPLETED, only if ``token`` still holds it, so later executions
        of the same key end as duplicates. Raises LockLostError (nothing changed) otherwise.

        Per execution (the identity is the holder token): a transition applied once, on
        condition that the lock is still HELD: completing again with the same token writes
        nothing and returns the stored lock (``completed_at`` of the first)."""
        ...

    def record_step(
        self,
        step_kind: StepKind,
        dedupe_key: str,
        *,
        job_run_id: UUID,
        result: dict[str, DocumentValue] | None = None,
    ) -> Stored[StepDedupe]:
        """Record that a side-effecting step ran, create-only. ``created=True`` for the first
        execution, which performs the effect; later ones get ``created=False`` and the first
        one's ``result`` instead. Per execution: the dedupe key is the identity."""
        ...

    # --- work queue ------------------------------------------------------------------------------

    def enqueue_work_item(self, item: WorkItem) -> Stored[WorkItem]:
        """Put a regeneration work item, create-only (a replay returns ``created=False``).
        Per execution: idempotent by its key, which the caller builds (``created_at``: take
        the execution's start, so a retried task enqueues nothing new)."""
        ...

    def list_work_items(self, nova_id: UUID | None = None) -> list[WorkItem]:
        """Return queued work items, all or of one nova, in SK order. All pages are read."""
        ...

    def delete_work_items(self, keys: Sequence[WorkItemKey]) -> int:
        """Delete exactly these work items (items enqueued since are kept); return how many
        existed and were deleted. Per execution: idempotent by key (a retried call deletes
        nothing more; it counts only what it deleted itself)."""
        ...

    # --- IFC-030 1.1.0: what Nova Cat's services do besides the access patterns above ----------
    #
    # Operations that count, append or change a state apply at most once per identity of the
    # execution that asks (a JobRun id, a Step Functions execution ARN, or the state they move
    # from): the same call again, after a success or after a lost answer, returns what the
    # first call left (or raises the same typed error). Each says how.

    def list_novae(self, *, status: NovaStatus | None = None) -> list[Nova]:
        """Return every Nova (or those of one status), ordered by nova_id: a scan of the whole
        table, every page (the catalog's and the coordinate search's read). Writes nothing."""
        ...

    def set_nova_position(
        self, nova_id: UUID, position: NovaPosition, *, expected: NovaPosition | None
    ) -> Nova:
        """Set where a nova is (``ra_deg``, ``dec_deg``, ``coord_epoch``, ``coord_frame``,
        ``resolver_source``), only if its stored position is still ``expected`` (None: it has
        none): a compare-and-set on ``ra_deg``/``dec_deg``.

        Idempotent by its state: a repeated call finds the position it set and returns the
        stored Nova. Raises ConflictError (with the stored Nova) when another position is
        stored, NotFoundError when the nova does not exist, EntityValidationError for values
        a Nova cannot hold.
        """
        ...

    def set_nova_visibility(
        self, nova_id: UUID, status: VisibleStatus, *, expected: NovaStatus
    ) -> Nova:
        """Show a nova in the catalog (ACTIVE) or keep it out (HIDDEN), only if its stored
        status is ``expected``: a compare-and-set on ``status``.

        Idempotent by its state: a nova already in ``status`` is returned as it is (a repeat
        changes nothing, whoever asks). Raises ConflictError (with the stored Nova) when the
        stored status is neither, NotFoundError when the nova does not exist,
        InputValidationError for a status other than ACTIVE and HIDDEN.
        """
        ...

    def set_nova_counts(
        self, nova_id: UUID, counts: NovaCounts, *, plan_id: UUID, execution_arn: str
    ) -> Nova:
        """Record the summary of a nova's published artifacts (``spectra_count``,
        ``photometry_count``, ``references_count``, ``has_sparkline``, ``spectral_visits``),
        as the regeneration of plan ``plan_id`` run by ``execution_arn`` found it.

        One transaction: the plan is checked to be IN_PROGRESS and claimed by this execution,
        and the nova updated (it must exist). So counts of an execution that no longer holds
        its plan never overwrite newer ones, and only one regeneration writes counts at a time.
        A repeat by the same execution sets the same values (or, once its plan is completed,
        finds them and returns the stored Nova). Raises InvalidTransitionError (with the stored
        plan) when the plan is not held by this execution, NotFoundError when the plan or the
        nova does not exist.
        """
        ...

    def list_photometry_rows(self, nova_id: UUID) -> list[PhotometryRow]:
        """Return a nova's photometry rows from the photometry table, in SK order (by
        ``row_id``), every page."""
        ...

    def put_photometry_rows(self, rows: Sequence[PhotometryRow]) -> int:
        """Store photometry rows in the photometry table, in batches (BatchWriteItem: at most
        25 rows and 16 MB a request); rows DynamoDB leaves unprocessed are sent again with
        jittered exponential backoff. Returns how many distinct rows were stored.

        A row's key is its deterministic ``row_id`` and its stored item a function of the row
        alone (``created_at`` and ``updated_at`` are its ``ingested_at``), so sending a batch
        again (a retry inside the call, or a re-executed task with the same rows) rewrites the
        same items: nothing is counted or duplicated. Batches cannot be conditional: a row
        already stored is replaced by the row given. Raises InputValidationError before
        anything is written when two rows share a key with different content; ThrottledError
        (RETRYABLE, rows already sent stay) when rows are still unprocessed after the retries.
        """
        ...

    def record_photometry_rows_ingested(
        self, nova_id: UUID, *, job_run_id: UUID, source: str
    ) -> PhotometryTable:
        """Record that the ingestion run ``job_run_id`` stored rows of the nova: on the nova's
        photometry table product (created when missing), ``ingestion_count`` + 1,
        ``last_ingestion_at`` = now, ``last_ingestion_source`` = ``source``, and ``row_count``
        = the rows the photometry table holds for the nova (counted, strongly consistent,
        after the rows were stored; never lowered by a concurrent, older count).

        At most once per ``job_run_id``: the count is added in one transaction with a
        PHOTOMETRY_INGESTION StepDedupe marker of the run; a repeat finds the marker and
        returns the stored table, counted once (raising ``row_count`` if its first try stopped
        before that step).
        """
        ...

    def get_offset_cache(self, nova_id: UUID, regime: str) -> OffsetCache | None:
        """Return the nova's photometry offset cache of an output regime, or None (items Nova
        Cat stored without ``entity_type`` read by their key)."""
        ...

    def put_offset_cache(self, cache: OffsetCache) -> OffsetCache:
        """Store the offset cache of a nova and regime, replacing what is stored (a cache is
        recomputed whole; ``created_at`` is kept). Never overwrites a newer schema version
        (StaleWriterError); an item stored without a version is rewritten as the current
        one."""
        ...

    def get_references(self, bibcodes: Sequence[str]) -> dict[str, Reference]:
        """Return the References of these bibcodes that exist, by bibcode: strongly consistent
        BatchGetItem requests of at most 100 keys, keys DynamoDB leaves unprocessed asked again
        with jittered exponential backoff (ThrottledError, RETRYABLE, when some are still
        unread). Writes nothing."""
        ...

    def record_spectra_execution(
        self, key: SpectraProductKey, execution_arn: str
    ) -> SpectraProduct:
        """Record the workflow execution launched for a spectra product
        (``last_execution_arn``). Setting a value, it is idempotent: the same ARN again
        changes nothing. Raises NotFoundError when the product does not exist."""
        ...

    def record_duplicate(
        self, key: SpectraProductKey, *, duplicate_of: UUID, raw: RawObject
    ) -> SpectraProduct:
        """Record that a product's acquired bytes duplicate VALID product ``duplicate_of``:
        acquisition SKIPPED_DUPLICATE, ``duplicate_of_data_product_id``, the raw pointer
        (``raw.key`` must be the product's canonical raw key), attempt bookkeeping (+1,
        outcome SUCCESS), eligibility NONE and the GSI1 attributes REMOVED, in one update. The
        validation status stays UNVALIDATED (a duplicate is not a VALID product of its own).

        Only from UNVALIDATED with no duplicate recorded: at most once per product, so a
        repeat (same ``duplicate_of``) returns the stored product, counted once. Raises
        ConflictError when another canonical product is recorded, InvalidTransitionError when
        the product has a definitive result, NotFoundError when it does not exist,
        InputValidationError (before any request) when ``duplicate_of`` is the product itself.
        """
        ...

    def put_ingested_spectra(self, product: SpectraProduct) -> Stored[SpectraProduct]:
        """Create a spectra product that arrives already VALID (ticket ingestion: the file
        came with its ticket, nothing is discovered or acquired): validation VALID,
        acquisition ACQUIRED, eligibility NONE, never in GSI1, no LocatorAlias. Create-only:
        the same product again (timestamps and ``last_attempt_at`` aside) returns
        ``created=False``; other content under its key raises AlreadyExistsError."""
        ...

    def scan_spectra_products(
        self, *, validation_status: ValidationStatus | None = None
    ) -> list[SpectraProduct | CompositeSpectra]:
        """Return the spectra products (composites included) of every nova, or those of one
        validation status: a scan of the whole table, every page, ordered by nova then SK.
        Writes nothing."""
        ...

    def annotate_job_run(self, key: JobRunKey, annotation: JobRunAnnotation) -> JobRun:
        """Record on a JobRun how it ended or why it was quarantined (the fields of
        ``annotation`` that are given; ``quarantined_at`` = now with a quarantine reason).

        Each field is written once, while the run is RUNNING (before it is finalized): the
        JobRun is the identity of its execution, so a repeat with the same values writes
        nothing and returns the stored run (also after it was finalized). Raises
        ConflictError (with the stored run) when a given field already holds another value,
        InvalidTransitionError when the run is no longer RUNNING and the values are not
        recorded, NotFoundError when it does not exist.
        """
        ...

    def create_regen_plan(self, plan: RegenBatchPlan) -> Stored[RegenBatchPlan]:
        """Create a PENDING regeneration batch plan under ``REGEN_PLAN``/
        ``<created_at>#<plan_id>`` (``created_at`` kept as given: it is part of the key).
        Create-only: ``plan_id`` is the plan's identity, so the coordinator that mints it once
        per sweep replays (``created=False``) when its invocation runs again. Other content
        under the key raises AlreadyExistsError; a plan that is not PENDING, or that already
        records an execution, completion or results, raises InputValidationError."""
        ...

    def get_regen_plan(self, plan_id: UUID) -> RegenBatchPlan | None:
        """Return the plan of ``plan_id`` (every page of ``REGEN_PLAN`` read), or None."""
        ...

    def find_active_regen_plan(self) -> RegenBatchPlan | None:
        """Return the newest PENDING or IN_PROGRESS plan (every page of ``REGEN_PLAN`` read),
        or None. Writes nothing."""
        ...

    def abandon_regen_plan(self, plan_id: UUID) -> RegenBatchPlan:
        """Move a PENDING plan to ABANDONED (``completed_at`` = now): only a PENDING plan.

        At most once by its state: ABANDONED is final and entered only from PENDING, so a
        repeat (by any coordinator) returns the abandoned plan. Raises InvalidTransitionError
        (with the stored plan) when the plan is not PENDING, NotFoundError when it does not
        exist.
        """
        ...

    def claim_regen_plan(self, plan_id: UUID, execution_arn: str) -> RegenBatchPlan:
        """Bind a PENDING plan to the regeneration execution ``execution_arn``: status
        IN_PROGRESS, ``execution_arn`` recorded. Of executions claiming one plan exactly one
        wins.

        At most once per execution: the claimer is recorded on the plan, so the same execution
        claiming again gets the stored plan; any other raises InvalidTransitionError (with the
        stored plan). Raises NotFoundError when the plan does not exist.
        """
        ...

    def record_regen_results(
        self, plan_id: UUID, results: Sequence[NovaResult], *, execution_arn: str
    ) -> RegenBatchPlan:
        """Record the per-nova results of a plan's regeneration, once, by the execution that
        claimed it (status IN_PROGRESS, ``execution_arn`` recorded).

        At most once per execution: the first results recorded stay, and the same execution
        asking again gets the stored plan with them. Raises InvalidTransitionError (with the
        stored plan) when the plan is not held by this execution, NotFoundError when it does
        not exist.
        """
        ...

    def complete_regen_plan(
        self, plan_id: UUID, status: PlanEnding, *, execution_arn: str
    ) -> RegenBatchPlan:
        """End a plan's regeneration: COMPLETED or FAILED with ``completed_at`` = now, only
        from IN_PROGRESS and only by the execution that claimed it.

        At most once per execution: the same execution asking again for the same ending gets
        the stored plan. Raises InvalidTransitionError (with the stored plan) otherwise,
        NotFoundError when the plan does not exist.
        """
        ...


WRAPPER_OPERATIONS: Final = tuple(
    name for name in PersistenceWrapper.__dict__ if not name.startswith("_")
)
"""The names of every IFC-030 operation, in declaration order."""

__all__ = ["IFC_030_VERSION", "WRAPPER_OPERATIONS", "PersistenceWrapper"]
