"""A trained advisor's "I'm answering this" on a question, and taking it back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from forums.models.advisors import CLAIM_SHOWN_FOR
from forums.services.advisors import claim_question, withdraw_claim
from frontend.attempts import attempt
from frontend.shared.forums import topic_or_404

CLAIMED = (
    "You said you are answering this. Other advisors can see it, so they will not write the "
    f"same answer. It shows for {CLAIM_SHOWN_FOR.days} days, or until you reply."
)
WITHDRAWN = "You are no longer answering this. Other advisors can now see it needs an answer."


@login_required
@require_POST
def topic_answering(request, topic_id):
    topic = topic_or_404(request, topic_id)
    withdrawing = request.POST.get("answering") == "no"
    with attempt(request=request) as tried:
        if withdrawing:
            withdraw_claim(advisor=request.user, topic=topic)
        else:
            claim_question(advisor=request.user, topic=topic)
    if tried.succeeded:
        messages.success(request, WITHDRAWN if withdrawing else CLAIMED)
    # ?page=1 opens the top of the topic, not the first unread reply.
    return redirect(f"{topic.get_absolute_url()}?page=1#answering")
