"""CloudFront as the API reference documents it, where moto 5.2.1 falls short.

- ListDistributions: a `DistributionSummary` carries the distribution's `Comment`,
  `Aliases`, `Origins`, `DefaultCacheBehavior`, `CacheBehaviors`, `PriceClass`,
  `Enabled`, `WebACLId`, `HttpVersion`, `IsIPV6Enabled`, `ViewerCertificate`,
  `Restrictions` and `CustomErrorResponses` (API reference, DistributionSummary:
  all "Required: Yes"). moto 5.2.1 serialises the summary from the `Distribution`
  object, which keeps them only inside its `distribution_config`, so the summary
  has none of them; stackctl recognises its distribution by its `Comment`.
- An origin keeps its `OriginAccessControlId` (API reference, Origin). moto 5.2.1's
  `Origin` drops it, so a distribution read back never shows the bucket's OAC.
"""


def patch_cloudfront() -> None:
    from moto.cloudfront.models import Distribution, Origin

    def from_config(key, default=None):
        def get(self):
            return getattr(self.distribution_config, key, default)

        return property(get)

    for attr, key in [
        ("comment", "Comment"),
        ("aliases", "Aliases"),
        ("origins", "Origins"),
        ("default_cache_behavior", "DefaultCacheBehavior"),
        ("cache_behaviors", "CacheBehaviors"),
        ("price_class", "PriceClass"),
        ("enabled", "Enabled"),
        ("web_acl_id", "WebACLId"),
        ("http_version", "HttpVersion"),
        ("is_ipv6_enabled", "IsIPV6Enabled"),
        ("viewer_certificate", "ViewerCertificate"),
        ("restrictions", "Restrictions"),
        ("custom_error_responses", "CustomErrorResponses"),
    ]:
        if not hasattr(Distribution, attr):
            setattr(Distribution, attr, from_config(key))

    original_init = Origin.__init__

    def init(self, origin):
        original_init(self, origin)
        self.origin_access_control_id = origin.get("OriginAccessControlId") or ""

    Origin.__init__ = init
