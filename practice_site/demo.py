"""Demonstration practice profile and site pages.

The facts (surgeon, town, telephone number) come from the practice's current public page; every
sentence is written for this site. Office hours are not published there, so the demo's hours are
marked as sample hours.
"""

from .models import Page, PracticeProfile

PROFILE = {
    "practice_name": "Andre Panossian, MD Plastic Surgery",
    "tagline": "Facial reanimation and facial nerve surgery in Pasadena",
    "surgeon_name": "Dr. Andre Panossian",
    "surgeon_credentials": "MD",
    "surgeon_role": "Plastic, reconstructive and craniofacial surgeon",
    "phone": "(626) 765-6885",
    "street_address": "",
    "locality": "Pasadena",
    "region": "CA",
    "postal_code": "",
    "opening_hours": "Sample hours: Monday to Friday, 9 am to 5 pm\nCall to arrange a consultation",
    "short_bio": (
        "Dr. Panossian is a plastic and craniofacial surgeon in Pasadena who treats children and "
        "adults with facial paralysis. His work combines nerve and muscle surgery with "
        "reconstructive and cosmetic techniques, so that a face can move, rest and heal as a "
        "whole."
    ),
    "video_url": "https://www.youtube.com/results?search_query=Andre+Panossian+facial+reanimation",
    # A search, not one film: the demo links to whatever YouTube holds about the surgeon.
    "video_title": "YouTube’s videos about Dr. Panossian’s work",
    "is_demo": True,
}

HOME = """\
Our faces do a great deal of work without our noticing: they close the eyes to protect them, keep
food and drink in the mouth, shape speech and, above all, show other people what we feel. When the
facial nerve is damaged, some or all of that stops on one side of the face, or on both.

**Facial reanimation** is the group of operations and treatments that bring movement back. Some
repair or reroute nerves so that the existing muscles can work again. Others bring in a new muscle,
or give an existing one a new job, when the original muscles can no longer be saved. Supporting
procedures improve balance and comfort at rest.

People often call it "smile surgery", but the aim is wider: to let the eye close and blink, the
brow lift, the mouth move evenly, and the face look like itself again when it is still.

## Why timing matters

Nerves recover slowly, and the muscles of the face do not wait for ever. In the first months after
an injury or an operation, it is often possible to use the patient's own nerves to reach the
original muscles. After a year or two those muscles may have wasted, and the plan changes to
bringing in fresh muscle. Both routes can give good results; the earlier we meet a patient, the
more options there are to choose from.
"""

ABOUT = """\
Dr. Andre Panossian is a plastic surgeon whose practice in Pasadena, California, is devoted to
procedures that change how people live day to day. He operates on adults and on children, and much
of his work is reconstruction of the face and skull.

## Why facial reanimation

For many of his patients, a face that does not move is a daily reminder of an illness, a tumour
operation or an accident they would rather leave behind. Restoring movement helps people take part
in conversation, photographs and family life without thinking about their face first. Some
operations also bring back feeling to part of the face or ease nerve pain.

## How he works

- **The whole face, not one feature.** A natural expression uses the brow, the eyes, the cheeks and
  the mouth together, so treatment plans look at all of them.
- **Nerve, muscle and soft tissue together.** Nerve grafts and transfers, muscle transfers, and
  reconstructive and cosmetic techniques are combined where that gives a better result.
- **Working with other specialists.** Neurologists, head and neck surgeons and facial therapists
  are often part of a patient's care, before and after surgery.

## Children and families

Dr. Panossian cares for children with facial differences and paralysis, including those born with
conditions such as Moebius syndrome. Parents are part of every decision, and treatment is planned
around the child's growth.
"""

TERMS = """\
These terms apply to your use of this website. By using the site you accept them.

## Information, not medical advice

The pages on this site describe conditions and treatments in general terms. They cannot take the
place of an examination and a conversation with a surgeon who knows your history. Do not delay
seeking care because of something you read here. In an emergency, call 911.

## No doctor–patient relationship

Reading this site, or sending a consultation request, does not make you a patient of the practice.
That relationship begins when the practice agrees to see you.

## Photographs and testimonials

Before-and-after photographs are shown with the written consent of the people in them. Results
differ from person to person and no outcome can be promised. Testimonials are the words of
individual patients and describe their own experience.

## Using the site

Please do not try to disrupt the site, to get into parts of it that are not public, or to copy
patient photographs. Text and images on the site belong to the practice or are used with
permission.

## Changes

We may update these terms. The date at the top of this page shows when they last changed.
"""

PRIVACY = """\
This notice explains what information this website collects, why, and what happens to it.

## What we collect

- **When you browse:** nothing that identifies you. The site sets no advertising or analytics
  cookies and loads no scripts, fonts or images from other companies. Our server keeps short
  technical logs (address requested, time, status) to keep the site running safely.
- **When you request a consultation:** the details you type into the form, such as your name,
  contact details and a description of what you would like help with. This can be health
  information, and we treat it that way.

## How we use it

We use a consultation request only to contact you about it and to arrange your care. We do not
sell it, share it for marketing, or put it in emails: our team is told that a request has arrived
and reads it inside the practice's secure system.

## Who can see it

Only members of our front-desk and clinical team who need to work on requests can open them, and
every time a request is opened that is recorded.

## How long we keep it

Requests that do not lead to an appointment are deleted automatically after the retention period
set by the practice. If you become a patient, your information becomes part of your medical
record and is kept as the law requires.

## Your choices

You can ask us to see, correct or delete what you sent through the website by calling the
practice. Please do not send urgent medical questions through the website.
"""

PAGES = [
    (
        Page.Key.HOME,
        "Restoring movement and expression to the paralyzed face",
        "Surgery and treatment for facial paralysis in Pasadena: nerve and muscle procedures that "
        "help the face smile, blink and rest evenly again.",
        HOME,
    ),
    (
        Page.Key.ABOUT,
        "Dr. Andre Panossian",
        "Dr. Andre Panossian is a plastic, reconstructive and craniofacial surgeon in Pasadena "
        "who treats facial paralysis in adults and children.",
        ABOUT,
    ),
    (
        Page.Key.TERMS,
        "Terms of use",
        "The terms for using this website: general information, not medical advice.",
        TERMS,
    ),
    (
        Page.Key.PRIVACY,
        "Privacy notice",
        "What this website collects, why, who can see it and how long it is kept.",
        PRIVACY,
    ),
]


def load():
    """Create the profile and the site pages where they are missing; return True if any was."""
    created_any = False
    if not PracticeProfile.objects.exists():
        PracticeProfile.objects.create(**PROFILE)
        created_any = True
    for key, title, description, body in PAGES:
        _, created = Page.objects.get_or_create(
            key=key, defaults={"title": title, "meta_description": description, "body": body}
        )
        created_any = created_any or created
    return created_any
