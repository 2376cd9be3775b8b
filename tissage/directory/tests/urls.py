"""The project's URLs plus the public directory, until the lead mounts it in tissage/urls.py.
Public tests use @pytest.mark.urls("tissage.directory.tests.urls")."""

from django.urls import include, path

from tissage.urls import handler403, handler404, handler500
from tissage.urls import urlpatterns as project_urls

urlpatterns = list(project_urls)
if not any(getattr(p, "namespace", None) == "public_directory" for p in urlpatterns):
    urlpatterns.append(path("ressources/", include("tissage.directory.public_urls")))

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
