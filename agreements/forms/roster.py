"""The roster's forms: the file to import, the list's filter and one child's entry."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from agreements.models import Child
from agreements.roster import MAX_BYTES, RosterFile, read_roster
from schools.models import School, SchoolClass
from schools.validators import validate_one_line


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label="Roster file (CSV)",
        help_text=(
            "One row per child, with a header row naming the columns first_name, last_name "
            "and class, and optionally date_of_birth (2019-03-14 or 14/03/2019) and reference. "
            "Save it from the spreadsheet as “CSV UTF-8”; at most 1 MB."
        ),
        error_messages={"required": "Choose the roster file to import."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    whole_school = forms.BooleanField(
        label="This file is the whole school",
        required=False,
        help_text=(
            "Children on the roster who are not in the file are marked as off roll "
            "(left the school). Leave it unticked to add or update some children only."
        ),
    )

    def __init__(self, *args: Any, school: School, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self.today = today
        self.roster = RosterFile()

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB: split it into parts.")
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB: split it into parts.")
        self.roster = read_roster(data, self.school, self.today)
        if self.roster.errors:
            raise forms.ValidationError(
                [forms.ValidationError(message, code="row") for message in self.roster.errors]
            )
        return upload


class RosterFilterForm(forms.Form):
    """A GET form: a class, or every class."""

    school_class = forms.ModelChoiceField(
        label="Class",
        required=False,
        queryset=SchoolClass.objects.none(),
        to_field_name="public_id",
        empty_label="Every class",
    )
    off_roll = forms.BooleanField(label="Include children off roll", required=False)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school_class"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SchoolClass.objects.for_school(school).order_by("year_group", "name")


class ChildForm(forms.Form):
    """One child's entry on the roster, as the headteacher corrects it."""

    first_name = forms.CharField(
        label="First name",
        max_length=100,
        validators=[validate_one_line],
        error_messages={"required": "Enter the child's first name."},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        validators=[validate_one_line],
        error_messages={"required": "Enter the child's last name."},
    )
    school_class = forms.ModelChoiceField(
        label="Class",
        queryset=SchoolClass.objects.none(),
        to_field_name="public_id",
        empty_label="Choose the class",
        error_messages={
            "required": "Choose the child's class.",
            "invalid_choice": "Choose one of the school's classes.",
        },
    )
    date_of_birth = forms.DateField(
        label="Date of birth (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date of birth as a date, e.g. 14/03/2018."},
    )
    reference = forms.CharField(
        label="Pupil reference (optional)",
        required=False,
        max_length=40,
        validators=[validate_one_line],
    )
    on_roll = forms.BooleanField(
        label="On roll", required=False, help_text="Untick when the child has left the school."
    )

    def __init__(
        self, *args: Any, school: School, child: Child, today: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.school, self.child, self.today = school, child, today
        field = self.fields["school_class"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SchoolClass.objects.for_school(school).order_by("year_group", "name")

    def clean_date_of_birth(self) -> datetime.date | None:
        born: datetime.date | None = self.cleaned_data.get("date_of_birth")
        if born is not None and (born > self.today or born.year < self.today.year - 30):
            raise forms.ValidationError("Enter a pupil's date of birth.")
        return born

    def clean_reference(self) -> str:
        reference: str = self.cleaned_data.get("reference", "").strip()
        others = Child.objects.for_school(self.school).exclude(pk=self.child.pk)
        if reference and others.filter(reference=reference).exists():
            raise forms.ValidationError("Another child on the roster has this reference.")
        return reference
