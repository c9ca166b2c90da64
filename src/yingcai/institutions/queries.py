"""Which posts the public sees and may apply to: one rule for the pages and the services.

As for jobs (`yingcai.jobs.queries.public_jobs`): a post of an institution that is not (or no
longer) verified — a suspended one — is public nowhere and takes no application or transfer.
Its applications already made stay where they are, for the organisers to handle (取消 lets
their applicants transfer).
"""

from yingcai.organisations.models import Organisation

from .models import Post


def public_posts(posts=None):
    """`posts` (a queryset of posts; all when None) restricted to the public ones."""
    posts = Post.objects.all() if posts is None else posts
    return posts.filter(institution__status=Organisation.Status.VERIFIED)


def post_is_public(post: Post) -> bool:
    """The same rule for one post in hand."""
    return post.institution.status == Organisation.Status.VERIFIED
