"""The "Text size and contrast" page: anyone may choose, signed in or not. A member's choice is
saved on their account; everyone's is remembered on this device in a cookie."""

from django.contrib import messages
from django.shortcuts import redirect, render

from community.permissions import is_signed_in
from community.services.text_size import set_text_size_and_contrast
from frontend.attempts import attempt
from frontend.forms.text_size import TextSizeForm
from frontend.shared.text_size import TextSetting, remember_on_this_device, text_setting

TEMPLATE = "frontend/text_size.html"


def text_size(request):
    signed_in = is_signed_in(request.user)
    if request.method != "POST":
        current = text_setting(request)
        form = TextSizeForm(initial={"text_size": current.text_size, "contrast": current.contrast})
        return render(request, TEMPLATE, {"form": form, "signed_in": signed_in})
    form = TextSizeForm(request.POST)
    if form.is_valid():
        chosen = TextSetting(**form.cleaned_data)
        with attempt(form) as tried:
            if signed_in:
                set_text_size_and_contrast(
                    editor=request.user,
                    person=request.user,
                    text_size=chosen.text_size,
                    contrast=chosen.contrast,
                )
        if tried.succeeded:
            messages.success(request, "Your text size and contrast are saved.")
            response = redirect("text_size")
            remember_on_this_device(response, chosen)
            return response
    return render(request, TEMPLATE, {"form": form, "signed_in": signed_in}, status=400)
