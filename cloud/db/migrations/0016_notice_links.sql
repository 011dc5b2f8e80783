-- 0016 notice links: every notice opens its object (a page route of the app, e.g. a report's detail)
ALTER TABLE notices ADD COLUMN link text CHECK (link IS NULL OR link ~ '^/(pages|packages)/[a-z0-9/_-]+(\?[A-Za-z0-9=&_-]*)?$');
