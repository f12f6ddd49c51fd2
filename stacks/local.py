"""The `local` stack: the seed's "Import Contacts" definition and a manual red-list import, on the emulator."""

import pulumi

from np6_provider import (
    DatabaseFeature,
    DuplicateFeature,
    FileSource,
    Frequency,
    FtpSource,
    NormalizationFeature,
    Np6Import,
    OncePeriodicity,
    PeriodicScheduler,
    RedListDestination,
    RedListFeature,
    ReportFeature,
    SegmentationFeature,
    TimeOfDay,
    WeeklyOccurs,
)


def declare() -> None:
    contacts = Np6Import(
        "import-contacts",
        name="Import Contacts",
        binding=44,
        features=[
            ReportFeature(send_final_report=True, send_error_report=True, contact_guids=["1C0193AB"]),
            DatabaseFeature(update_existing=True, crush_data=False),
            DuplicateFeature.keep("first"),
            SegmentationFeature(segment_id=501, empty_existing_segment=False),
            NormalizationFeature(fields={233: ["FRA", "ESP"]}),
        ],
        source=FtpSource(),
        scheduler=PeriodicScheduler(
            frequency=Frequency(
                occurs=WeeklyOccurs(interval=1, days=["Sun"]),
                periodicity=OncePeriodicity(value=TimeOfDay(hour=6, minute=0, second=0)),
            ),
        ),
    )
    redlist = Np6Import(
        "import-redlist",
        name="Import Redlist",
        binding=45,
        features=[
            ReportFeature(send_final_report=True, send_error_report=True, contact_guids=["1C0193AB"]),
            DatabaseFeature(update_existing=True),
            DuplicateFeature.keep("first"),
            RedListFeature(destination=RedListDestination(mail=True, sms=False)),
        ],
        source=FileSource(),
    )
    pulumi.export("import_contacts_id", contacts.np6_id)
    pulumi.export("import_contacts_ftp_folder", contacts.ftp_folder)
    pulumi.export("import_redlist_id", redlist.np6_id)
