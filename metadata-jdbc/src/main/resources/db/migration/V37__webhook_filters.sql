-- Which objects' events a webhook wants (dev.silo.core.events.WebhookFilter, S3's notification
-- filters): one bucket, keys starting with a prefix, keys ending with a suffix; null: any.
ALTER TABLE webhooks ADD COLUMN filter_bucket TEXT;
ALTER TABLE webhooks ADD COLUMN filter_prefix TEXT;
ALTER TABLE webhooks ADD COLUMN filter_suffix TEXT;
