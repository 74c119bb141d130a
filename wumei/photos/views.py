from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from wumei.photos.models import Photo
from wumei.projects.queries import projects_visible_to


@login_required
@require_GET
def photo_file(request, pk: int, size: str):
    """Serve a photo (or its thumbnail) only to users who may see its project; 404 otherwise."""
    photo = get_object_or_404(Photo.objects.filter(project__in=projects_visible_to(request.user)), pk=pk)
    field = {"full": photo.image, "thumb": photo.thumbnail}.get(size)
    if field is None:
        raise Http404
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}.jpg"'
    return response
