"""Seed what `cdk bootstrap` leaves behind that a deploy reads: the version parameter and the
assets bucket and the container assets repository. No IAM roles (moto's STS assumes roles that do
not exist)."""

from collections.abc import Iterable

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ecr.models import ecr_backends
from moto.s3.models import s3_backends
from moto.ssm.models import ssm_backends

QUALIFIER = "hnb659fds"
BOOTSTRAP_VERSION = "30"


def assets_bucket_name(region: str) -> str:
    return f"cdk-{QUALIFIER}-assets-{DEFAULT_ACCOUNT_ID}-{region}"


def container_assets_repository_name(region: str) -> str:
    return f"cdk-{QUALIFIER}-container-assets-{DEFAULT_ACCOUNT_ID}-{region}"


def bootstrap_regions(regions: Iterable[str]) -> None:
    for region in regions:
        ssm_backends[DEFAULT_ACCOUNT_ID][region].put_parameter(
            name=f"/cdk-bootstrap/{QUALIFIER}/version",
            description="Version of the CDK Bootstrap resources in this region",
            value=BOOTSTRAP_VERSION,
            parameter_type="String",
            allowed_pattern=None,  # type: ignore[arg-type]
            keyid=None,  # type: ignore[arg-type]
            overwrite=True,
            tags=[],
            data_type="text",
            tier=None,
            policies=None,
        )
        bucket = assets_bucket_name(region)
        if bucket not in s3_backends.bucket_accounts:
            s3_backends[DEFAULT_ACCOUNT_ID]["aws"].create_bucket(bucket, region)
        ecr = ecr_backends[DEFAULT_ACCOUNT_ID][region]
        repository = container_assets_repository_name(region)
        if repository not in ecr.repositories:
            ecr.create_repository(
                repository_name=repository,
                registry_id=None,
                encryption_config={"encryptionType": "AES256"},
                image_scan_config={"scanOnPush": False},
                image_tag_mutability="IMMUTABLE",
                tags=[],
            )
