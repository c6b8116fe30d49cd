"""Photometry rows: one photometric measurement each, in the photometry table.

Nova Cat keeps its photometry in a second table (``<prefix>Photometry``, its ADR-020): PK
``<nova_id>``, SK ``PHOT#<row_id>``, one item per measurement, written by ticket ingestion.
Every measured number is kept as a decimal, exactly as stored (whatever its digits).
"""

from decimal import Decimal
from typing import Annotated, ClassVar, Self
from uuid import UUID

from pydantic import Field, model_validator

from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.enums import (
    BandResolutionConfidence,
    BandResolutionType,
    DataOrigin,
    DataRights,
    FluxDensityUnit,
    SpectralCoordType,
    SpectralCoordUnit,
    TimeSystem,
)
from novacat_persistence.contracts.types import Bibcode, NonEmptyStr, UtcDatetime

Measure = Annotated[Decimal, Field(allow_inf_nan=False)]
"""A measured number, exact as stored."""


class PhotometryRow(PersistedEntity):
    """One measurement: PK ``<nova_id>``, SK ``PHOT#<row_id>`` in the photometry table.

    Identity (``nova_id``, ``primary_name``, ``ra_deg``, ``dec_deg``) is the nova's at
    ingestion; time is ``time_mjd`` (and the originally reported ``time_orig`` in
    ``time_orig_sys``); the band is resolved against the band registry (``band_id``,
    ``band_name``, ``regime``, how and how surely: ``band_resolution_type``,
    ``band_resolution_confidence``); the measurement is a magnitude, a flux density or a
    count rate, or an upper limit (``is_upper_limit`` with ``limiting_value``).
    ``ingested_at`` and ``ingestion_source`` say when and by what the row was written.
    """

    ENTITY_TYPE: ClassVar[str] = "PhotometryRow"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    nova_id: UUID
    row_id: UUID
    primary_name: NonEmptyStr
    ra_deg: Annotated[Measure, Field(ge=0, le=360)]
    dec_deg: Annotated[Measure, Field(ge=-90, le=90)]
    time_mjd: Measure
    time_bary_corr: bool = False
    time_orig: Measure | None = None
    time_orig_sys: TimeSystem | None = None
    svo_filter_id: NonEmptyStr | None = None
    band_id: NonEmptyStr
    band_name: NonEmptyStr | None = None
    regime: NonEmptyStr
    spectral_coord_type: SpectralCoordType
    spectral_coord_value: Measure | None = None
    spectral_coord_unit: SpectralCoordUnit
    bandpass_width: Measure | None = None
    magnitude: Measure | None = None
    mag_err: Measure | None = None
    flux_density: Measure | None = None
    flux_density_err: Measure | None = None
    flux_density_unit: FluxDensityUnit | None = None
    count_rate: Measure | None = None
    count_rate_err: Measure | None = None
    is_upper_limit: bool = False
    limiting_value: Measure | None = None
    limiting_sigma: Measure | None = None
    quality_flag: int = Field(default=0, ge=0, le=3)
    notes: str | None = None
    bibcode: Bibcode | None = None
    doi: NonEmptyStr | None = None
    data_url: NonEmptyStr | None = None
    orig_catalog: NonEmptyStr | None = None
    orig_table_ref: NonEmptyStr | None = None
    telescope: NonEmptyStr | None = None
    instrument: NonEmptyStr | None = None
    observer: NonEmptyStr | None = None
    data_rights: DataRights = DataRights.PUBLIC
    band_resolution_type: BandResolutionType
    band_resolution_confidence: BandResolutionConfidence
    sidecar_contributed: bool = False
    data_origin: DataOrigin
    donor_attribution: NonEmptyStr | None = None
    ingested_at: UtcDatetime
    ingestion_source: NonEmptyStr

    @model_validator(mode="after")
    def _a_measurement_or_a_limit(self) -> Self:
        measured = (self.magnitude, self.flux_density, self.count_rate)
        if self.is_upper_limit and self.limiting_value is None:
            raise ValueError("an upper limit needs limiting_value")
        if not self.is_upper_limit and all(v is None for v in measured):
            raise ValueError("a detection needs a magnitude, a flux density or a count rate")
        if not self.is_upper_limit and (
            self.limiting_value is not None or self.limiting_sigma is not None
        ):
            raise ValueError("limiting_value and limiting_sigma belong to upper limits")
        if self.flux_density is not None and self.flux_density_unit is None:
            raise ValueError("a flux density needs flux_density_unit")
        if (self.time_orig is None) != (self.time_orig_sys is None):
            raise ValueError("time_orig and time_orig_sys come together")
        return self
