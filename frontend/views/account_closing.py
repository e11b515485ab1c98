"""Delete my account: a page that says what will happen, then the erasure in community.safety."""

from allauth.account.decorators import reauthentication_required
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from community.safety.erasing import delete_account
from frontend.attempts import attempt
from frontend.forms.account_closing import DeleteAccountForm

TEMPLATE = "frontend/people/delete_account.html"


@never_cache
@login_required
@reauthentication_required
def delete_my_account(request):
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": DeleteAccountForm()})
    form = DeleteAccountForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            delete_account(person=request.user, remove_posts=form.remove_posts)
        if tried.succeeded:
            logout(request)
            return redirect("account_deleted")
    return render(request, TEMPLATE, {"form": form}, status=400)


def account_deleted(request):
    return render(request, "frontend/people/account_deleted.html")
