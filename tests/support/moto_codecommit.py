"""CodeCommit as the AWS API reference documents it, where moto 5.2.1 falls short.

moto 5.2.1 implements only CreateRepository, GetRepository and DeleteRepository,
and drops the `tags` of CreateRepository. stackctl reads ownership from tags and
lists a stack's repositories, so the tests' moto gains, following the CodeCommit
API reference:

- CreateRepository keeps its `tags` (Request Parameters: tags);
- ListRepositories: `{"repositories": [{"repositoryName", "repositoryId"}]}`,
  sorted by name, no paging needed at test sizes;
- ListTagsForResource / TagResource / UntagResource by repository ARN, with
  RepositoryDoesNotExistException for an unknown repository;
- UpdateRepositoryDescription;
- `creationDate` and `lastModifiedDate` as epoch seconds: awsJson1_1 sends
  timestamps as numbers, and moto's ISO-8601 strings make every SDK fail to read
  CreateRepository and GetRepository.
- With `STACKCTL_E2E_CODECOMMIT_NEW_CUSTOMER=1`, the account is one that AWS no longer
  lets start with CodeCommit (closed to new customers since 25 July 2024): CreateRepository
  in an account without any repository answers HTTP 400 `OperationNotAllowedException`
  ("CreateRepository request is not allowed because there is no existing repository in this
  account or AWS Organization"), as AWS does for such accounts.
  https://aws.amazon.com/blogs/devops/how-to-migrate-your-aws-codecommit-repository-to-another-git-provider/
"""

import json
import os
import time


def patch_codecommit() -> None:
    from moto.codecommit.exceptions import RepositoryDoesNotExistException
    from moto.codecommit.models import CodeCommit, CodeCommitBackend
    from moto.codecommit.responses import CodeCommitResponse

    original_init = CodeCommit.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        now = time.time()
        self.repository_metadata["creationDate"] = now
        self.repository_metadata["lastModifiedDate"] = now

    CodeCommit.__init__ = init

    original_create = CodeCommitBackend.create_repository

    def create_repository(self, repository_name, repository_description, tags=None):
        if os.environ.get("STACKCTL_E2E_CODECOMMIT_NEW_CUSTOMER") == "1" and not self.repositories:
            from moto.core.exceptions import JsonRESTError

            raise JsonRESTError(
                "OperationNotAllowedException",
                "CreateRepository request is not allowed because there is no existing repository "
                "in this account or AWS Organization",
            )
        metadata = original_create(self, repository_name, repository_description)
        self.repositories[repository_name].tags = dict(tags or {})
        return metadata

    def by_arn(self, arn):
        for repo in self.repositories.values():
            if repo.repository_metadata["Arn"] == arn:
                return repo
        raise RepositoryDoesNotExistException(arn.rsplit(":", 1)[-1])

    CodeCommitBackend.create_repository = create_repository
    CodeCommitBackend.by_arn = by_arn

    def create(self):
        from moto.codecommit.responses import _is_repository_name_valid
        from moto.codecommit.exceptions import InvalidRepositoryNameException

        if not _is_repository_name_valid(self._get_param("repositoryName")):
            raise InvalidRepositoryNameException()
        metadata = self.codecommit_backend.create_repository(
            self._get_param("repositoryName"),
            self._get_param("repositoryDescription"),
            self._get_param("tags"),
        )
        return json.dumps({"repositoryMetadata": metadata})

    def list_repositories(self):
        repos = sorted(self.codecommit_backend.repositories.values(), key=lambda r: r.repository_metadata["repositoryName"])
        return json.dumps(
            {"repositories": [{"repositoryName": r.repository_metadata["repositoryName"], "repositoryId": r.repository_metadata["repositoryId"]} for r in repos]}
        )

    def list_tags_for_resource(self):
        repo = self.codecommit_backend.by_arn(self._get_param("resourceArn"))
        return json.dumps({"tags": getattr(repo, "tags", {})})

    def tag_resource(self):
        repo = self.codecommit_backend.by_arn(self._get_param("resourceArn"))
        repo.tags = {**getattr(repo, "tags", {}), **(self._get_param("tags") or {})}
        return "{}"

    def untag_resource(self):
        repo = self.codecommit_backend.by_arn(self._get_param("resourceArn"))
        repo.tags = {k: v for k, v in getattr(repo, "tags", {}).items() if k not in (self._get_param("tagKeys") or [])}
        return "{}"

    def update_repository_description(self):
        name = self._get_param("repositoryName")
        repo = self.codecommit_backend.repositories.get(name)
        if repo is None:
            raise RepositoryDoesNotExistException(name)
        repo.repository_metadata["repositoryDescription"] = self._get_param("repositoryDescription") or ""
        return "{}"

    CodeCommitResponse.create_repository = create
    CodeCommitResponse.list_repositories = list_repositories
    CodeCommitResponse.list_tags_for_resource = list_tags_for_resource
    CodeCommitResponse.tag_resource = tag_resource
    CodeCommitResponse.untag_resource = untag_resource
    CodeCommitResponse.update_repository_description = update_repository_description
