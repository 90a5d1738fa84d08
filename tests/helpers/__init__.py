"""What the tests share that is not a fixture, in one package imported one way
(`from tests.helpers.<module> import …`): fakes of the crawl and the analysis, local sites
(fixture sites, real-page look-alikes, a school's site, look-alike platforms, a class), the real
server and fleet in subprocesses, Redis, hostile inputs, export builders, the extension's
harness and fake backend, the report's fake audits, the fixture faces. Fixtures stay in the
conftest files. bench/ imports from here too; no test imports bench/.
"""
