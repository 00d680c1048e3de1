"""The demonstration practice's treatments, causes and questions, written for this site.

Facts (which procedures the practice offers, the causes of facial paralysis it treats, the questions
patients ask) come from the practice's current public page; every sentence here is our own, written
at a patient's reading level and checked against standard surgical practice. Bodies are Markdown,
rendered and sanitised like anything staff type in the admin. Text sits at the left margin inside
the triple quotes because Markdown reads indented lines as code.
"""

# ruff: noqa: E501 - prose reads better unwrapped here

GROUPS = [
    {
        "slug": "facial-reanimation",
        "title": "Facial reanimation",
        "summary": (
            "Operations that bring back movement to a face paralyzed by facial nerve damage: a "
            "smile that lifts both sides of the mouth, and eyes that close and blink."
        ),
        "meta_description": (
            "Facial reanimation surgery restores smiling and eye closure after facial paralysis. "
            "How it works, when to treat, and what recovery involves."
        ),
        "intro": """\
Facial reanimation means giving movement back to a face that has lost it. Many people first hear
of it as "smile surgery", yet nobody smiles with the mouth alone: the eyes narrow, the cheeks rise
and the brow moves with them. So we look at the whole face, and at comfort and
protection as well as appearance.

## Two questions shape every plan

- **How long has the face been paralyzed?** In the first months after the nerve is injured, the
  face's own muscles are still there to be woken up, usually with nerve surgery. After a year or
  two they fade, and movement has to come from a muscle brought in from elsewhere.
- **What matters most to you?** For one person it is closing the eye comfortably; for another, a
  smile in family photographs, clearer speech or not biting the cheek when eating.

## How the groups fit together

Most plans combine several steps: [nerve surgery](/procedures/nerve-surgery/) to restore or
redirect signals, [muscle surgery](/procedures/muscle-surgery/) when a new source of movement is
needed, and [cosmetic and balancing procedures](/procedures/cosmetic/) to even out the face at
rest. The two pages below are the best places to start.
""",
    },
    {
        "slug": "nerve-surgery",
        "title": "Nerve surgery",
        "summary": (
            "Repairing, freeing or rerouting nerves so that the muscles of the face receive a "
            "working signal again, or so that unwanted movement is calmed."
        ),
        "meta_description": (
            "Nerve grafts, nerve transfers and selective neurolysis for facial paralysis and "
            "synkinesis, explained in plain language."
        ),
        "intro": """\
The facial nerve is the cable that carries signals from the brain to the small muscles of
expression. When it is cut, stretched or damaged by illness, those muscles stop moving even though
they are still there. Nerve surgery works on the cable itself.

- **Nerve grafts** bridge a gap with a spare sensory nerve, often one from the lower leg.
- **Nerve transfers** borrow a nearby working nerve, such as the nerve to a chewing muscle, and
  connect it to the facial nerve.
- **Selective neurolysis** helps people whose nerve healed in a tangled way, causing tightness and
  unwanted linked movements (synkinesis).

Nerves regrow slowly, about a millimeter a day, so results build over months rather than
appearing after the operation. Grafts and transfers work best while the facial muscles are still
able to respond, usually within the first year or two after the injury.
""",
    },
    {
        "slug": "muscle-surgery",
        "title": "Muscle surgery",
        "summary": (
            "When the face’s own muscles can no longer work, a muscle from the temple or the "
            "thigh can be moved to power a smile."
        ),
        "meta_description": (
            "Temporalis myoplasty, temporalis tendon transfer and gracilis free muscle transfer "
            "to restore a smile after long-standing facial paralysis."
        ),
        "intro": """\
Muscles that have gone without a nerve signal for a long time slowly waste away, and after about
two years they usually cannot be brought back. People born with facial paralysis may never have
had working muscles in part of the face. In both cases a smile needs a new muscle.

There are two main ways to provide one:

- **Move a nearby muscle.** The temporalis, the chewing muscle at the temple, can be redirected to
  the corner of the mouth. This is done in a single operation.
- **Transplant a muscle.** A slim piece of the gracilis muscle from the inner thigh is moved to the
  cheek with its own blood vessels and nerve, and connected to a nerve that can drive it.

Both need practice afterward. Patients learn, with a facial therapist, to trigger the new muscle,
and for many the smile becomes easier and more natural over the following year.
""",
    },
    {
        "slug": "cosmetic",
        "title": "Cosmetic and balancing procedures",
        "summary": (
            "Injections and plastic surgery that improve comfort and symmetry at rest, on their "
            "own or alongside nerve and muscle surgery."
        ),
        "meta_description": (
            "Botox, eyelid surgery, brow lift, facelift, static sling and asymmetry correction "
            "to balance a face affected by facial paralysis."
        ),
        "intro": """\
A paralyzed face changes at rest as well as in motion. Without muscle tone, the brow drops, the
lower eyelid sags away from the eye, the cheek and the corner of the mouth droop, and the nostril
can collapse. Meanwhile the healthy side may pull harder than it should.

The procedures here do not create new movement, but they can make a real difference to how the
face looks and feels every day. Some are used alone, for example when major surgery is not
advisable; many are combined with nerve or muscle surgery to fine-tune the result, especially
after trauma, where the skin and soft tissues may also need repair.
""",
    },
]

PROCEDURES = [
    {
        "group": "facial-reanimation",
        "slug": "smile-reanimation",
        "title": "Smile reanimation",
        "summary": (
            "An overview of the ways a surgeon can restore a smile after facial paralysis, and "
            "why the time since the nerve was injured shapes which one is best."
        ),
        "meta_description": (
            "Smile reanimation after facial paralysis: nerve and muscle options, early versus "
            "late treatment, recovery and realistic goals."
        ),
        "anesthesia": "General anesthesia for most operations",
        "hospital_stay": "From same day to a few nights, depending on the operation",
        "recovery": "Movement returns gradually, over months rather than weeks",
        "sections": [
            (
                "What smile reanimation is",
                """\
Smile reanimation is the name for a set of operations that bring movement back to the corner of
the mouth and the cheek after facial paralysis. "Facial reanimation" and "smile reanimation" are
used for the same work: a real smile involves the lips, the cheeks and the muscles around the
eyes, so restoring it means looking at the whole face.

The facial nerve runs from the brain, through the skull beside the ear, and fans out across the
cheek to more than a dozen small muscles. When it stops working, those muscles go slack. The aim
of treatment is to give them a working signal again or, when that is no longer possible, to
provide a new muscle that can do their job.
""",
            ),
            (
                "Early or late: why timing matters",
                """\
The single most important fact in planning is how long the face has been paralyzed.

**Early treatment (roughly the first 12 to 18 months).** The facial muscles are weak but still
alive, waiting for a signal. Surgery can bring a new nerve supply to them, for example a
[masseter-to-facial nerve transfer](/procedures/nerve-surgery/masseter-to-facial-nerve-transfer/)
or a [cross-facial nerve graft](/procedures/nerve-surgery/cross-facial-nerve-graft/), and the
patient's own muscles then move again.

**Late treatment (usually after about two years, or from birth).** Without a signal, muscle slowly
turns to scar-like tissue and cannot recover. A new muscle is needed: a
[gracilis free muscle transfer](/procedures/muscle-surgery/gracilis-free-muscle-transfer/) or a
[temporalis myoplasty](/procedures/muscle-surgery/temporalis-myoplasty/).

Both routes can give good results. The cut-off differs from person to person, which is why tests
such as electromyography (EMG) are used to check whether the muscles can still respond. If you
have recently developed facial paralysis that is not improving, it is worth being seen early, even
if you are not sure you want surgery: early visits keep more options open.
""",
            ),
            (
                "Who is a good candidate",
                """\
Smile reanimation can help children and adults whose smile is weak or absent on one or both sides
because of tumor surgery, Bell's palsy that did not recover, injury, or a condition present at
birth such as Moebius syndrome. In general, the people who do best:

- are in good general health, or have health problems that are well controlled;
- have a problem that surgery can realistically improve, confirmed by examination and tests;
- have a good outlook from any underlying illness, for example a tumor that has been treated;
- are ready to take part in facial therapy for months after surgery;
- have clear, realistic goals that we have talked through together.

Smoking slows healing and harms small blood vessels and nerves; you will be asked to stop well
before surgery.
""",
            ),
            (
                "Your consultation",
                """\
The first visit is a conversation and a careful examination. Expect it to take longer than a
typical appointment.

- **Your story.** When and how the paralysis began, what treatment you have had, your general
  health and medications, and what you would most like to change.
- **Paperwork.** Medical history forms and consent for photographs, which help to plan surgery and
  to measure change over time.
- **Examination.** We look at each part of the face at rest and in motion: the brow, eye closure,
  the nose, the smile and the lower lip, and check the chewing muscles and sensation.
- **Records and tests.** If you have them, please bring or send operation notes, scan reports and
  nerve test results. We may ask for nerve studies (EMG and nerve conduction), imaging such as an MRI,
  or photographs and video taken in a standard way.

If you do not yet have a diagnosis, working out where along the nerve the problem lies is part of
the assessment. Some patients come to us through a neurologist, an ear, nose and throat surgeon or
a cancer team, and we work alongside them.
""",
            ),
            (
                "How it is done",
                """\
There is no single smile operation. Depending on timing, on what works and on your goals, the
plan may include one or more of these:

- **Nerve transfer.** A small branch of the nerve to a chewing muscle is connected to the facial
  nerve. It works quickly and powerfully, and is used while the facial muscles are still alive.
- **Cross-facial nerve graft.** A nerve graft carries signals from the healthy side of the face,
  so that both sides can respond to the same emotion.
- **Free muscle transfer.** A slim part of the gracilis muscle from the inner thigh is moved to the
  cheek and connected to a nerve, when the original muscles are beyond recovery.
- **Temporalis procedures.** The temple muscle is redirected to the corner of the mouth in a single
  operation.
- **Supporting procedures.** Botox, a static sling, eyelid and brow surgery or other balancing
  procedures improve symmetry and comfort at rest.

Some plans are done in one operation; others are staged, with a first operation to prepare a nerve
and a second months later to bring in a muscle.
""",
            ),
            (
                "Recovery and facial therapy",
                """\
Nerves regrow at about a millimeter a day, so movement returns over months. Depending on the
operation, first flickers of movement usually appear between three months and a year after
surgery, and the smile keeps improving for a year or more after that.

Facial therapy is a large part of the result. A therapist teaches exercises, often in front of a
mirror, that help you switch on the new smile, strengthen it and make it more spontaneous. Most
people need regular practice at home for many months.

You will have swelling and some discomfort in the first weeks. Time off work or school depends on
the operation, typically from one to several weeks.
""",
            ),
            (
                "Risks and side effects",
                """\
Every operation carries risks. We will go through the ones that apply to your plan at your
consultation; the main ones are:

- **General surgical risks:** bleeding, swelling, infection, blood clots, reactions to anesthesia
  or medication, and scarring.
- **Nerve and muscle risks:** the repair may give less movement than hoped, movement may take longer
  to appear, or existing weakness may persist. Rarely, surgery near a nerve can weaken an area
  further.
- **Numbness or altered sensation** near the incisions or where a graft was taken, which usually
  fades but can be permanent.
- **Asymmetry** that needs a smaller adjustment operation later, which is common and often planned.
- **Donor site effects,** such as a scar on the leg after a nerve or muscle is taken, usually with
  no lasting loss of function.
""",
            ),
            (
                "Setting realistic goals",
                """\
Reanimation surgery can make a big difference to how the face moves and how people feel about it,
but it does not recreate a face exactly as it was. A typical aim is a smile that lifts both
corners of the mouth, good eye protection, and better symmetry at rest. Some patients learn to
smile without thinking about it; others always need a small conscious effort.

We will show you what results are realistic for your situation, including photographs of patients
with similar problems, and we will be honest when a less extensive treatment is the better
choice.
""",
            ),
        ],
        "faqs": [
            (
                "Can smile reanimation be done on both sides of the face?",
                """\
Yes. When both sides are paralyzed, as often happens with Moebius syndrome, each side is usually
treated in a separate operation a few months apart, so that recovery and therapy can focus on one
side at a time.
""",
            ),
            (
                "Is it too late if my paralysis happened many years ago?",
                """\
No. Long-standing paralysis is treated with muscle surgery rather than nerve surgery, and people
have had successful operations decades after the nerve was damaged.
""",
            ),
        ],
    },
    {
        "group": "facial-reanimation",
        "slug": "eye-closure-restoration",
        "title": "Eye closure restoration",
        "summary": (
            "Procedures that help an eye close fully and blink again, protecting its surface "
            "when facial paralysis affects the eyelids."
        ),
        "meta_description": (
            "Restoring eye closure and blink after facial paralysis: eyelid weights, lid "
            "tightening and nerve options to protect the eye."
        ),
        "anesthesia": "Local anesthesia with sedation, or general anesthesia",
        "hospital_stay": "Usually none: you go home the same day",
        "recovery": "Bruising and swelling settle over one to two weeks",
        "sections": [
            (
                "What it is",
                """\
The muscle that closes the eye and makes it blink is moved by the facial nerve. When that nerve
stops working, the eye may stay partly open, even in sleep, and the lower lid can sag away from
the eyeball. Tears then drain poorly or spill onto the cheek, and the surface of the eye dries out.

Eye closure restoration brings together the procedures that protect the eye: adding a small
weight to the upper eyelid, tightening and supporting the lower lid, and, in suitable patients,
nerve or muscle surgery that brings back a blink.
""",
            ),
            (
                "Why it matters",
                """\
A dry, exposed cornea (the clear front of the eye) can become sore, red and blurred, and in severe
cases ulcers can form and threaten sight. Protecting the eye is therefore usually the first
priority in facial paralysis, before the smile.

Warning signs that need prompt attention are pain, increasing redness, blurred vision that does not
clear with blinking or drops, and sensitivity to light. If you have any of these, contact your eye
doctor or our office the same day.
""",
            ),
            (
                "Who it can help",
                """\
- People whose eye does not close fully after facial nerve injury, Bell's palsy or tumor surgery.
- Those who rely on drops, ointment or taping the eye at night and would like a lasting solution.
- People with a drooping lower lid, watering or a visible gap below the colored part of the eye.

If there is a good chance the nerve will recover on its own, temporary measures are used first:
lubricating drops by day, ointment and a moisture shield at night, and sometimes a temporary
weight taped onto the upper lid.
""",
            ),
            (
                "How it is done",
                """\
The plan is chosen after a careful examination of both lids and the surface of the eye, often
together with an eye doctor.

- **Upper eyelid weight.** A thin gold or platinum weight, shaped to the lid, is placed under the
  skin through a small crease incision. When you relax the muscle that opens the eye, the weight
  helps the lid fall closed. It is barely visible once healed.
- **Lower eyelid tightening.** The outer corner of the lid is tightened and reattached to the bone
  so the lid sits against the eye again. A graft may be added to lift a lid that sits low.
- **Partial closure of the outer corner.** A small stitch-up of the lids at the outer corner narrows
  the opening where needed.
- **Blink restoration.** Nerve transfers and grafts can bring some blink back in selected patients,
  usually as part of a larger reanimation plan.

[Eyelid surgery](/procedures/cosmetic/eyelid-surgery/) and a [brow lift](/procedures/cosmetic/brow-lift/)
are often combined with these steps.
""",
            ),
            (
                "Recovery",
                """\
Most eyelid procedures are done as day surgery. Expect bruising and swelling for one to two weeks,
and use the drops and ointment you are given. Stitches are usually removed after about a week.
Keep using lubricating drops until we tell you they are no longer needed; many patients still
use them from time to time.
""",
            ),
            (
                "Risks and side effects",
                """\
- Bruising, swelling, bleeding or infection.
- A weight that is too light or too heavy, moves, or shows through thin skin; it can be adjusted or
  removed.
- Lids that sit slightly differently from the other side, or a lower lid that loosens again over
  time.
- Eye closure may improve without becoming complete, so some people still need ointment at night.
""",
            ),
        ],
        "faqs": [
            (
                "Will an eyelid weight set off metal detectors or affect an MRI scan?",
                """\
Eyelid weights are too small to be noticed by airport security scanners in everyday use. They are generally considered
safe for MRI scans, but always tell the scanning team that you have one.
""",
            ),
        ],
    },
    {
        "group": "muscle-surgery",
        "slug": "temporalis-myoplasty",
        "title": "Lengthening temporalis myoplasty",
        "summary": (
            "The chewing muscle at the temple is moved down to the corner of the mouth in one "
            "operation, so that biting down can lift the smile."
        ),
        "meta_description": (
            "Lengthening temporalis myoplasty: a one-stage operation that uses the temple "
            "muscle to lift the corner of the mouth after facial paralysis."
        ),
        "anesthesia": "General anesthesia",
        "hospital_stay": "Usually one to three nights",
        "recovery": "Soft diet for a few weeks; smile practice starts once healing allows",
        "sections": [
            (
                "What it is",
                """\
The temporalis is a fan-shaped chewing muscle at the side of the head, above and in front of the
ear. It is worked by a different nerve from the face's muscles (a branch of the trigeminal nerve),
so it usually still works when the face is paralyzed. You can feel it tighten at your temple when
you clench your teeth.

In a lengthening temporalis myoplasty, the lower end of this muscle, where its tendon attaches to
the jaw bone, is freed and moved down to the corner of the mouth. The muscle is slid downward
rather than folded over, which avoids a bulge over the cheekbone and a hollow at the temple. When
the muscle contracts, it pulls the corner of the mouth up and out, like a smile. The technique
was first described in the late 1990s and has been refined and widely used since.
""",
            ),
            (
                "Who it can help",
                """\
- Adults and children with long-standing paralysis, when the face's own smile muscles can no
  longer recover.
- People born with facial paralysis, including children with Moebius syndrome.
- Patients who prefer a single operation with a shorter recovery than a muscle transplant, or for
  whom a long microsurgical operation is not advisable.

The temporalis muscle on the affected side must be working, which is checked at the consultation.
""",
            ),
            (
                "How it is done",
                """\
Under general anesthesia, the surgeon works through an incision in the hair-bearing scalp and a
second small incision, either in the crease between nose and cheek or inside the mouth.

1. The small piece of jaw bone (the coronoid process) where the temporalis tendon attaches is
   released, so the tendon can be moved.
2. The muscle is freed from the skull and slid downward.
3. The tendon is stitched to the corner of the mouth and the upper lip, set at a tension that gives
   a balanced smile.

The operation takes a few hours. The scalp scar is hidden in the hair.
""",
            ),
            (
                "Recovery",
                """\
Expect swelling of the temple and cheek for two to three weeks. Chewing is uncomfortable at first,
and you will be on a soft diet for a few weeks while the tendon heals in its new place.

Smile therapy starts a few weeks after surgery. At first you smile by clenching your teeth gently;
with practice, many patients learn to smile without clenching, and for some the smile gradually
becomes more spontaneous. This relearning takes months of regular exercise with a facial
therapist.
""",
            ),
            (
                "Risks and side effects",
                """\
- General surgical risks: bleeding, infection, swelling and scarring.
- Temporary difficulty opening the mouth wide or chewing.
- The tendon can stretch or come loose from the lip, which may need a further operation.
- The smile may be weaker, stronger or more uneven than hoped; fine-tuning is sometimes needed.
- A change in the contour of the temple.
- Numbness near the scalp incision, usually temporary.
""",
            ),
        ],
        "faqs": [
            (
                "Will I have to clench my teeth to smile for ever?",
                """\
Not necessarily. At first the smile comes from clenching, because that is what the temporalis
muscle normally does. With practice the movement becomes easier to start gently, and many people
gradually need less conscious effort.
""",
            ),
        ],
    },
    {
        "group": "muscle-surgery",
        "slug": "gracilis-free-muscle-transfer",
        "title": "Gracilis free muscle transfer",
        "summary": (
            "A thin strip of muscle from the inner thigh is moved to the face with its own "
            "blood vessels and nerve, and connected so it can pull the mouth into a smile."
        ),
        "meta_description": (
            "Gracilis free muscle transfer for long-standing facial paralysis: how the thigh "
            "muscle is moved to the face, recovery and results."
        ),
        "anesthesia": "General anesthesia",
        "hospital_stay": "Usually a few nights, while the new muscle’s blood supply is checked",
        "recovery": "First movement usually after three to six months, or later with a nerve graft",
        "sections": [
            (
                "What it is",
                """\
The gracilis is a long, thin muscle on the inner side of the thigh. Other, larger muscles do the
same work, so a part of it can be taken without any noticeable effect on walking, running or
sport.

In a free muscle transfer, a segment of the gracilis is removed together with its artery, vein and
nerve, and transplanted to the cheek. Under the operating microscope, its blood vessels are joined
to vessels in the face, and its nerve is joined to a nerve that can make it contract. Once the
nerve has grown into the muscle, the muscle pulls the corner of the mouth up and back into a
smile.
""",
            ),
            (
                "Who it can help",
                """\
- People whose facial paralysis has lasted longer than about two years, so that the original smile
  muscles have wasted away.
- Children and adults with paralysis present from birth, including Moebius syndrome, usually from
  the age of about five, when a child can take part in therapy.
- Patients whose nerve repair or earlier surgery did not give enough movement.

It is a long operation that relies on healthy blood vessels, so general health, smoking and
previous radiation treatment to the face are taken into account.
""",
            ),
            (
                "How it is done",
                """\
The muscle can be connected to one of two nerves:

- **The masseter nerve**, a branch of the nerve to a chewing muscle on the same side. This is done
  in a single operation and usually gives a strong smile, started at first by biting.
- **A cross-facial nerve graft** from the healthy side of the face, placed in an earlier operation
  6 to 12 months before. This gives a better chance of a spontaneous smile triggered by emotion,
  though it is often a little weaker.

Sometimes both are used. Through an incision in front of the ear, much like a facelift incision,
the cheek is opened, the muscle is placed and anchored to the corner of the mouth and the
cheekbone, and its vessels and nerve are connected. A second team takes the muscle from the thigh
at the same time. The operation usually takes most of a day.
""",
            ),
            (
                "Recovery",
                """\
You will stay in hospital for a few days so that the new muscle’s blood supply can be checked
regularly. The cheek is swollen and looks full for several weeks. Walking starts within a day or
two; avoid hard exercise for about six weeks.

Movement does not appear straight away. With the masseter nerve, the first twitches usually come
after three to six months; with a cross-facial graft it can take six to twelve months. Facial
therapy then trains the muscle, and the smile continues to improve for a year or more.
""",
            ),
            (
                "Risks and side effects",
                """\
- Loss of the transferred muscle if its blood vessels clot, which happens in a small percentage of
  cases and usually shows in the first days; a return to the operating room may be needed.
- Bleeding, infection, fluid collection, and the general risks of a long anesthetic.
- A cheek that looks bulky, or a smile that pulls too much or too little; a smaller operation to
  thin or adjust the muscle is fairly common and often planned.
- Weak or no movement if the nerve does not grow into the muscle as hoped.
- A scar on the inner thigh, and sometimes numbness on the inner thigh.
""",
            ),
        ],
        "faqs": [
            (
                "Will taking part of the gracilis muscle weaken my leg?",
                """\
No lasting weakness is expected. Several larger muscles pull the thigh inward, and they take over
the gracilis's small share of the work. Most people notice only the scar.
""",
            ),
            (
                "Why does it take months before the new muscle moves?",
                """\
The muscle arrives with its own nerve, but that nerve has to be joined to one in the face, and the
nerve fibers must then grow into the muscle before they can make it contract. Nerves grow slowly,
so the first movement usually takes several months.
""",
            ),
        ],
    },
    {
        "group": "muscle-surgery",
        "slug": "temporalis-tendon-transfer",
        "title": "Temporalis tendon transfer",
        "summary": (
            "The tendon of the temple muscle is attached to the corner of the mouth through "
            "small incisions, giving a smile that is driven by biting."
        ),
        "meta_description": (
            "Temporalis tendon transfer: a less invasive way to give movement to the corner "
            "of the mouth after facial paralysis."
        ),
        "anesthesia": "General anesthesia",
        "hospital_stay": "Usually one or two nights",
        "recovery": "Soft diet for a few weeks; movement training after several weeks",
        "sections": [
            (
                "What it is",
                """\
Like the [lengthening temporalis myoplasty](/procedures/muscle-surgery/temporalis-myoplasty/), this
operation uses the temporalis chewing muscle to power a smile. The difference is the approach: the
muscle itself is left where it is, and only its tendon, the strong cord that attaches it to the jaw,
is moved to the corner of the mouth.

Surgeons turn to the temporalis often. It lies within reach of both the eye and the mouth, and
its nerve is a branch of the trigeminal nerve, not the facial nerve, so it keeps its strength when
the face around it is paralyzed.
""",
            ),
            (
                "Who it can help",
                """\
- People with long-standing or congenital paralysis of the smile.
- Patients who would like a shorter operation, without a scalp incision, and a quicker recovery.
- Those who have had a muscle transplant that did not work as hoped.
""",
            ),
            (
                "How it is done",
                """\
The surgeon reaches the tendon through an incision in the crease between the nose and the cheek or
through the inside of the mouth. The tendon is released from the jaw together with a small piece
of bone, brought forward and stitched to the muscles at the corner of the mouth. If the tendon is
too short, it can be extended with a strip of fascia, a tough sheet of tissue usually taken from
the thigh.

Nothing is cut at the temple, so no hollow forms there afterwards, and the sheet of fascia over
the temple is left intact in case a later reconstruction needs it. That is why surgeons count
this among the gentler smile operations.
""",
            ),
            (
                "Recovery",
                """\
Swelling of the cheek and some discomfort with chewing are normal for two to three weeks. A soft
diet helps while the tendon heals. Facial therapy starts after several weeks, teaching you to
produce a smile by gently biting and then to refine it.
""",
            ),
            (
                "What results to expect",
                """\
The aim is a corner of the mouth that sits higher at rest and lifts when you bite, giving a more
even smile. Movement is usually smaller than that of a healthy smile, and at first it needs a
conscious effort. With regular practice, many people find the smile easier and more natural over
the first year. The tension of the transfer can be adjusted later if needed.
""",
            ),
            (
                "Risks and side effects",
                """\
- Bleeding, infection and swelling.
- Temporary stiffness of the jaw.
- The attachment at the mouth may loosen or stretch and need tightening.
- Asymmetry of the smile, or a smile that is weaker than hoped.
- Scarring in the crease between nose and cheek when that route is used.
""",
            ),
        ],
    },
    {
        "group": "nerve-surgery",
        "slug": "selective-neurolysis",
        "title": "Selective neurolysis for synkinesis",
        "summary": (
            "For faces that recovered with tightness and unwanted linked movements, the nerve "
            "branches that work against the smile are carefully divided."
        ),
        "meta_description": (
            "Selective neurolysis treats synkinesis after Bell’s palsy or facial nerve injury, "
            "releasing tightness so the smile can open."
        ),
        "anesthesia": "General anesthesia",
        "hospital_stay": "Usually same day or one night",
        "recovery": "Swelling for two to three weeks; therapy continues for months",
        "sections": [
            (
                "What synkinesis is",
                """\
After Bell's palsy or another facial nerve injury, the nerve often regrows. But the regrowing
fibers can reach the wrong muscles, so that several parts of the face move together when only one
should. This is called synkinesis, or "mass movement". Common signs are:

- the eye narrowing or closing when you smile, talk or eat;
- a tight, heavy cheek and a deep crease beside the nose;
- a smile that is pulled down and held back, with bands tightening in the neck;
- the chin dimpling, or tears when eating.

Synkinesis can last indefinitely and is often tiring and uncomfortable as well as visible.
""",
            ),
            (
                "What selective neurolysis does",
                """\
In synkinesis, some muscles that pull the mouth down or hold the cheek tight fire at the same time
as the muscles that lift the smile, and cancel it out. Selective neurolysis finds the small nerve
branches that drive these opposing muscles and divides them, while keeping the branches that power
the smile. With the brake released, the smile can open more fully and the face feels less tight.

It is often combined with removing part of a muscle that pulls the corner of the mouth down (the
depressor anguli oris) or a band of the neck muscle (the platysma).
""",
            ),
            (
                "Who it can help",
                """\
People with synkinesis that has settled, usually at least a year after the original paralysis,
whose smile is limited by tightness despite facial therapy and Botox. A good response to Botox
injections is a helpful sign that surgery could work, because they weaken the same muscles
temporarily.

Facial therapy before and after surgery is essential. It prepares the muscles, and afterward it
helps the brain use the freed-up smile.
""",
            ),
            (
                "How it is done",
                """\
Through an incision in front of the ear, like a facelift incision, the surgeon lifts the skin of
the cheek to find the branches of the facial nerve. Each small branch is tested with a gentle
electrical stimulator while the surgeon watches which muscles move. Branches that mainly tighten
the cheek or pull against the smile are divided; those that lift the smile are preserved. The
operation takes a few hours.
""",
            ),
            (
                "Recovery",
                """\
Swelling and bruising last about two to three weeks. The face may feel stiff or weaker for a short
time before the smile opens up. Facial therapy restarts within a few weeks and continues for
months; Botox is often still used afterward, sometimes at lower doses.
""",
            ),
            (
                "Risks and side effects",
                """\
- Bleeding, infection, swelling and a scar in front of the ear.
- Temporary weakness of parts of the face.
- Tightness can partly return over time as nerves sprout again.
- The smile may improve less than hoped, or become uneven.
""",
            ),
        ],
        "faqs": [
            (
                "Will I still need Botox after selective neurolysis?",
                """\
Many people still benefit from Botox afterward, often in smaller doses or less often. It remains a
useful way to fine-tune the eye, the neck and the chin.
""",
            ),
        ],
    },
    {
        "group": "nerve-surgery",
        "slug": "cross-facial-nerve-graft",
        "title": "Cross-facial nerve graft",
        "summary": (
            "A nerve graft carries signals from the healthy side of the face to the paralyzed "
            "side, so both sides can respond to the same emotion."
        ),
        "meta_description": (
            "Cross-facial nerve grafting, including cable grafts: linking the healthy facial "
            "nerve to the paralyzed side for a spontaneous smile."
        ),
        "anesthesia": "General anesthesia",
        "hospital_stay": "Usually same day or one night",
        "recovery": "Nerve growth across the face takes about six to twelve months",
        "sections": [
            (
                "What it is",
                """\
If only half of the face is paralyzed, the facial nerve of the working half can spare some of its
signal. A cross-facial nerve graft is a length of spare nerve, laid under the skin
of the upper lip, that connects a small branch of the healthy facial nerve to the paralyzed side.

Because the signal comes from the facial nerve itself, the smile it drives can be triggered by
emotion, at the same moment as the healthy side. That is its main advantage over other nerve
sources.
""",
            ),
            (
                "Cable grafts",
                """\
A related operation, the cable nerve graft, is used when the facial nerve on the same side has a
gap, for example where part of it was removed with a tumor or torn in an injury. Pieces of spare
nerve bridge the gap like cables, and several can be used at once to reach different branches
and so different areas of the face. Cable grafts work best when done at the time of the tumor
operation or soon after an injury.
""",
            ),
            (
                "Who it can help",
                """\
- People with paralysis on one side, in combination with other steps. In recent paralysis, the
  graft may be joined to the paralyzed side's own facial nerve branches.
- People with long-standing paralysis, as the first of two stages: the graft is placed first and,
  6 to 12 months later, a [gracilis muscle](/procedures/muscle-surgery/gracilis-free-muscle-transfer/)
  is connected to it.
- Patients whose facial nerve was cut or removed, through cable grafting.

It has a place whether the paralysis is recent or years old, and it is often combined with a
[masseter nerve transfer](/procedures/nerve-surgery/masseter-to-facial-nerve-transfer/) for extra
strength.
""",
            ),
            (
                "How it is done",
                """\
The graft is usually the sural nerve, a sensory nerve running down the back of the calf to the
outside of the foot. It is taken through one or a few small incisions in the lower leg.

On the healthy side of the face, through an incision in front of the ear, the surgeon finds the
branches that make the smile and uses a nerve stimulator to choose one or two that can be spared
without a visible change. The graft is joined to them under the microscope and passed through a
tunnel under the upper lip to the paralyzed side, where its end is marked for the next stage or
joined straight away.
""",
            ),
            (
                "Recovery",
                """\
Most people go home the same day or the next. The leg incisions are bandaged for a week or two;
walking is encouraged from the start.

Nerve fibers then grow through the graft at about a millimeter a day, which is why the second stage
or the first movement comes six to twelve months later. A tingling feeling when the skin over the
graft is tapped, found a little further along the upper lip at each visit, shows that the nerve
is growing across.
""",
            ),
            (
                "Risks and side effects",
                """\
- Numbness of a patch on the outside of the foot and ankle where the sural nerve ran. This usually
  shrinks over time and rarely bothers people, but some numbness is permanent.
- Slight, usually temporary weakness on the healthy side of the face.
- The graft may carry too few fibers to give the movement hoped for.
- Bleeding, infection and scarring at the leg or face.
""",
            ),
        ],
        "faqs": [
            (
                "Does a cross-facial nerve graft weaken my healthy side?",
                """\
Only small branches that have back-up from other branches are used, so the healthy side should
look and move the same. A slight weakness occasionally appears in the first weeks and usually
settles.
""",
            ),
        ],
    },
    {
        "group": "nerve-surgery",
        "slug": "masseter-to-facial-nerve-transfer",
        "title": "Nerve transfers (masseter-to-facial)",
        "summary": (
            "A small branch of the nerve to a chewing muscle is joined to the facial nerve, "
            "giving paralyzed face muscles a strong new source of signal."
        ),
        "meta_description": (
            "Masseter-to-facial and other nerve transfers for recent facial paralysis: who is "
            "suitable, how it works and what recovery is like."
        ),
        "anesthesia": "General anesthesia",
        "hospital_stay": "Usually one night",
        "recovery": "First movement usually within three to six months",
        "sections": [
            (
                "What it is",
                """\
A nerve transfer takes a working nerve that has a little signal to spare and connects it to a
nerve that has lost its own. The most common choice for the smile is the masseter nerve, which
drives the masseter, the strong chewing muscle at the angle of the jaw. A small branch is borrowed
and joined to the branches of the facial nerve that lift the corner of the mouth.

Because the masseter nerve is close by and packed with fibers, movement usually returns faster and
stronger than with a longer graft. Other nerves, such as part of the hypoglossal nerve that moves
the tongue, are used in particular situations to restore tone to the face at rest.
""",
            ),
            (
                "Who it can help",
                """\
- People with recent facial paralysis, usually within the first 12 to 18 months, whose facial
  muscles are still alive but whose own facial nerve cannot be repaired.
- Patients after tumor surgery or injury where the nerve near the brain or skull was damaged.
- In combination with a [cross-facial nerve graft](/procedures/nerve-surgery/cross-facial-nerve-graft/),
  to add strength while the graft slowly brings in an emotional smile.

Nerve tests (EMG) help confirm that the facial muscles can still respond. After about two years,
a muscle transfer is usually needed instead.
""",
            ),
            (
                "How it is done",
                """\
Through an incision in front of the ear, the surgeon finds the masseter nerve on the underside of
the chewing muscle and the facial nerve branches in the cheek. A stimulator confirms which branches
move the smile. The masseter branch is divided and stitched to the facial nerve branch under the
microscope with stitches finer than a hair. The operation takes two to three hours.
""",
            ),
            (
                "Recovery",
                """\
Most people go home the next day. Swelling settles over two to three weeks. Chewing is generally
not affected, because only part of the nerve is used and the other chewing muscles compensate.

The first movement usually appears three to six months after surgery. At first you smile by
clenching the teeth; facial therapy helps you learn to do it with less effort, and over time many
people smile without thinking about it.
""",
            ),
            (
                "Risks and side effects",
                """\
- Bleeding, infection and a scar in front of the ear.
- A smile that is stronger or weaker than hoped, or that appears when chewing.
- No useful movement if the nerve fibers do not reach the muscles.
- With a hypoglossal transfer, some weakness of one side of the tongue.
""",
            ),
        ],
    },
    {
        "group": "cosmetic",
        "slug": "botox-for-facial-balance",
        "title": "Botox for balance and synkinesis",
        "kind": "noninvasive",
        "summary": (
            "Small, targeted doses of botulinum toxin soften overactive muscles, on the "
            "healthy side for balance or on the recovered side for synkinesis."
        ),
        "meta_description": (
            "Botox for facial paralysis: balancing an uneven smile and easing synkinesis, how "
            "treatment works, how long it lasts and side effects."
        ),
        "anesthesia": "None, or a numbing cream",
        "hospital_stay": "None: a short office visit",
        "recovery": "Works within days, lasts about three to four months",
        "sections": [
            (
                "What it is",
                """\
Botox is the best known brand of botulinum toxin, a purified protein that blocks the signal from
a nerve to a muscle for a few months. Most people know it from cosmetic clinics, where small doses
soften lines by relaxing the muscles that fold the skin.

In facial paralysis it is used for a different purpose: to calm muscles that are working too hard,
so that the face looks and feels more even. It does not restore movement to a paralyzed muscle.
""",
            ),
            (
                "Who it can help",
                """\
- **Balance on the healthy side.** When one side is paralyzed, the healthy side can pull the mouth,
  lip and brow toward itself. Relaxing a few of its muscles, often the one that lowers the lower
  lip, evens out the smile and speech.
- **Synkinesis.** After a partial recovery, the eye may close when you smile, the cheek and neck feel
  tight and the chin dimples. Weakening those muscles eases tightness and lets the smile open.
- **Testing a plan.** Because its effect is temporary, Botox can show what a permanent operation,
  such as [selective neurolysis](/procedures/nerve-surgery/selective-neurolysis/), might achieve.
""",
            ),
            (
                "How it is done",
                """\
Treatment is done in the office and takes about 15 to 30 minutes. After looking at your face at
rest and in motion, the doctor injects very small doses with a fine needle into the chosen muscles.
Doses in facial paralysis are usually lower and more precisely placed than in cosmetic
treatment, and they are adjusted over the first few visits to find the right balance.

Combining Botox with facial therapy gives the best results, because the exercises retrain the
muscles while they are relaxed.
""",
            ),
            (
                "What to expect",
                """\
You can return to normal activities straight away; avoid rubbing the treated areas and lying flat
for a few hours. The effect starts after two to seven days, is strongest at about two weeks, and
wears off over three to four months. Most people with synkinesis have repeat treatments several
times a year.
""",
            ),
            (
                "Risks and side effects",
                """\
- Small bruises or tenderness where the needle went in.
- Headache or a flu-like feeling for a day or two, which is uncommon.
- Too much weakness in a nearby muscle, for example a drooping eyelid or brow, a lopsided smile or
  difficulty drinking through a straw. This wears off as the toxin does.
- Dry eye or watering when treatment is near the eye.

Botulinum toxin is not recommended during pregnancy or breastfeeding, or for people with certain
nerve and muscle conditions; tell us about your medical history and medications.
""",
            ),
        ],
        "faqs": [
            (
                "How often will I need Botox?",
                """\
The effect lasts about three to four months, so people who find it helpful usually return three
or four times a year. The interval sometimes lengthens over time, especially alongside facial
therapy.
""",
            ),
        ],
    },
    {
        "group": "cosmetic",
        "slug": "facelift",
        "title": "Facelift",
        "summary": (
            "Lifting and repositioning the cheek and jowl tissues that sag on a paralyzed side, "
            "to improve symmetry at rest."
        ),
        "meta_description": (
            "Facelift for facial paralysis: lifting a drooping cheek and jowl for better "
            "symmetry at rest, alone or with reanimation surgery."
        ),
        "anesthesia": "General anesthesia or sedation",
        "hospital_stay": "Same day or one night",
        "recovery": "Most people return to light activity in about two weeks",
        "sections": [
            (
                "What it is",
                """\
Without muscle tone, the cheek, the corner of the mouth and the jawline on a paralyzed side slowly
sag, and the crease beside the nose can disappear. Over the years, the difference between the two
sides often grows.

A facelift lifts and tightens the deeper supporting layer of the face and removes a little excess
skin. In facial paralysis it is usually done on the paralyzed side, sometimes on both sides, with
the goal of a more even face at rest rather than a dramatic change.
""",
            ),
            (
                "Who it can help",
                """\
- People with drooping of the cheek, mouth corner or jowl on a paralyzed side.
- Patients having reanimation surgery, where the same incision can be used and the lift fine-tunes
  the result.
- People after facial trauma whose tissues have been stretched or scarred.
""",
            ),
            (
                "How it is done",
                """\
The incision runs in the natural creases in front of and behind the ear and into the hairline.
Through it, the surgeon lifts the deeper layer of tissue (called the SMAS) upward and backward,
secures it with stitches, then redrapes the skin and trims the excess. The scar usually fades well
because it follows the ear's contour.
""",
            ),
            (
                "Recovery",
                """\
Expect swelling and bruising for about two weeks, and a feeling of tightness or numbness in front of
the ear for some weeks longer. You will sleep with your head raised for the first nights. Most
people feel comfortable being seen in public after two to three weeks.
""",
            ),
            (
                "What results to expect",
                """\
A facelift improves the position of the cheek, mouth corner and jawline at rest. It does not make
a paralyzed side move, so the difference between the two sides can still show when you smile or
talk; combining it with reanimation or Botox on the healthy side narrows that gap.

Because tissues relax a little as they heal, the paralyzed side is often lifted slightly more
than looks ideal in the first weeks. The result lasts for years, although the face keeps aging
and the lift can be repeated or refreshed later if needed.
""",
            ),
            (
                "Risks and side effects",
                """\
- A collection of blood under the skin (hematoma), most likely in the first day.
- Infection, slow healing, or thickened scars.
- Numbness of the cheek and ear, usually temporary.
- Injury to facial nerve branches on a side that still moves, which is rare.
- The lift relaxes over time, as a facelift does in anyone.
""",
            ),
        ],
    },
    {
        "group": "cosmetic",
        "slug": "eyelid-surgery",
        "title": "Eyelid surgery",
        "summary": (
            "Operations on the upper and lower lids that improve how the eye closes, how it "
            "looks, and how comfortable it feels."
        ),
        "meta_description": (
            "Eyelid surgery after facial paralysis: lower lid support, upper lid procedures "
            "and what to expect for comfort and appearance."
        ),
        "anesthesia": "Local anesthesia with sedation",
        "hospital_stay": "Usually none: you go home the same day",
        "recovery": "Bruising and swelling settle over one to two weeks",
        "sections": [
            (
                "What it is",
                """\
Eyelid surgery, also called blepharoplasty, reshapes the upper or lower eyelids. After facial
paralysis, eyelid procedures serve two purposes: protecting the eye by helping the lids close and
sit properly, and improving balance between the two sides.

Examples include tightening a lower lid that sags away from the eye, lifting a lower lid with a
small graft, placing a [weight in the upper lid](/procedures/facial-reanimation/eye-closure-restoration/),
and removing heavy skin from the upper lid of the other eye so the two match.
""",
            ),
            (
                "Who it can help",
                """\
- People with a drooping or turned-out lower lid, watering, or a visible gap between the lid and the
  colored part of the eye.
- People with incomplete eye closure, in combination with other eye closure procedures.
- Patients who would like the two eyes to look more alike after paralysis or trauma.

Cosmetic eyelid surgery on the affected side needs extra care: removing skin from an upper lid
that already does not close well could make closure worse.
""",
            ),
            (
                "How it is done",
                """\
Most procedures are done under local anesthesia with sedation. Upper lid incisions follow the
natural lid crease. Lower lid procedures use an incision just below the lashes, inside the lid, or
at the outer corner of the eye, where the lid is tightened and anchored to the bone.
""",
            ),
            (
                "Recovery",
                """\
Cold compresses and a raised head reduce swelling for the first days. Bruising settles over one to
two weeks. Use the drops and ointment you are given, avoid heavy lifting for a week or two, and
do not wear contact lenses until we say it is safe.
""",
            ),
            (
                "What results to expect",
                """\
Most people notice that the eye feels more comfortable, waters less and looks more even with the
other side. When surgery is done to protect the eye, comfort and the health of its surface come
before appearance; a lower lid can be tightened further, or an upper lid weight changed, at a
later date. Many patients still use lubricating drops from time to time.
""",
            ),
            (
                "Risks and side effects",
                """\
- Bruising, swelling, infection or bleeding.
- Dry or irritated eyes for a while, or watering.
- The two sides may not match exactly, and lids can loosen again over time.
- Very rarely, bleeding behind the eye that affects vision; sudden severe pain or loss of vision
  after surgery needs emergency care.
""",
            ),
        ],
    },
    {
        "group": "cosmetic",
        "slug": "brow-lift",
        "title": "Brow lift",
        "summary": (
            "Raising a brow that has dropped on the paralyzed side, to clear the upper eyelid "
            "and even out the two sides of the forehead."
        ),
        "meta_description": (
            "Brow lift for facial paralysis: lifting a heavy, low brow to clear vision and "
            "improve symmetry. Techniques, recovery and risks."
        ),
        "anesthesia": "Local anesthesia with sedation, or general anesthesia",
        "hospital_stay": "Usually none: you go home the same day",
        "recovery": "Swelling and bruising for one to two weeks",
        "sections": [
            (
                "What it is",
                """\
The forehead muscle holds the eyebrow up. When its nerve branch stops working, the brow on that
side drops, sometimes far enough to hang over the upper eyelid, block the upper part of vision and
give the face a tired or sad look. A brow lift raises the brow back to a position that matches the
other side.
""",
            ),
            (
                "Who it can help",
                """\
- People whose brow has dropped after facial paralysis, particularly if it limits vision.
- Patients who want the two brows to look level at rest.

A brow that is lifted too high can make it harder to close the eye, so the lift is planned
together with eye closure, and sometimes combined with an
[upper eyelid weight](/procedures/facial-reanimation/eye-closure-restoration/).
""",
            ),
            (
                "How it is done",
                """\
The choice of technique depends on the face. In a direct brow lift, a strip of skin is removed just
above the eyebrow hairs, so the scar lies along the brow. Other options use small incisions in the
hairline or scalp, sometimes with a camera (endoscope), and secure the brow tissue higher up.
""",
            ),
            (
                "Recovery",
                """\
Swelling and bruising, which can spread around the eye, last about one to two weeks. Stitches are
removed after about a week. Keep your head raised for a few nights and avoid strenuous exercise for
two weeks.
""",
            ),
            (
                "What results to expect",
                """\
Most people notice a lighter upper eyelid, a wider field of view and a more rested look. The
lifted brow still will not move, because its muscle remains paralyzed, so the two sides can look
different when you raise your eyebrows. Small doses of Botox in the healthy forehead can reduce
that difference. Over the years the brow may settle a little and can be lifted again.
""",
            ),
            (
                "Risks and side effects",
                """\
- Numbness of the forehead or scalp, usually temporary.
- A visible scar, especially with the direct technique, which fades over months.
- The brow may settle lower over time or end up slightly higher or lower than the other side.
- Bleeding or infection.
""",
            ),
        ],
    },
    {
        "group": "cosmetic",
        "slug": "facial-asymmetry-correction",
        "title": "Facial asymmetry correction",
        "summary": (
            "A tailored combination of small procedures that brings the two sides of the face "
            "closer together, at rest and in motion."
        ),
        "meta_description": (
            "Correcting facial asymmetry after paralysis or trauma: lip, nose, cheek and "
            "contour procedures planned around your face."
        ),
        "anesthesia": "Depends on the procedures: local or general",
        "hospital_stay": "Usually none: you go home the same day",
        "recovery": "From a few days to a few weeks, depending on the procedures",
        "sections": [
            (
                "What it is",
                """\
No face is perfectly symmetrical, but facial paralysis, injury or a condition present at birth can
make the two sides noticeably different. Facial asymmetry correction is not one operation: it is a
plan, built from smaller procedures, that targets the differences that matter most to you.
""",
            ),
            (
                "Who it can help",
                """\
- People with remaining asymmetry after nerve or muscle surgery.
- People with a lopsided lower lip, a collapsed nostril, or a cheek that looks flat or hollow.
- Patients after facial trauma, with scars, contour changes or uneven features.
- Children and adults with conditions present at birth that affect the growth of one side of the
  face.
""",
            ),
            (
                "How the plan is made",
                """\
Planning starts with a careful look at your face at rest, when you speak and when you smile,
usually with standard photographs and short videos. We ask which differences bother you most:
for some people it is the lower lip, for others a flat cheek or a nostril that blocks breathing.

Some steps can be tried first without surgery, such as Botox to test whether weakening a muscle
on the healthy side gives the balance you want. Procedures are then done together or in stages,
depending on how they affect each other and on your recovery time.
""",
            ),
            (
                "What the plan may include",
                """\
- **Lower lip balancing:** weakening the muscle that pulls the lower lip down on the healthy side,
  first with Botox and, if that helps, with a small operation.
- **Nostril support:** lifting a collapsed nostril to improve breathing through the nose and its
  appearance.
- **Fat grafting:** moving a little of your own fat to fill a flat cheek or temple.
- **Scar revision** after injury.
- **Lifting procedures** such as a [static sling](/procedures/cosmetic/static-sling/),
  [brow lift](/procedures/cosmetic/brow-lift/) or [facelift](/procedures/cosmetic/facelift/).
""",
            ),
            (
                "Recovery",
                """\
Recovery depends on which procedures are chosen. Many are done as day surgery, with swelling for a
few days to a few weeks. Fat grafts settle over a few months as some of the fat is absorbed, and a
top-up is sometimes needed.
""",
            ),
            (
                "Risks and side effects",
                """\
Each procedure has its own risks, which we will explain for your plan. In general: swelling,
bruising, infection, scarring, results that are more or less than planned, and the possibility of
needing a further adjustment.
""",
            ),
        ],
    },
    {
        "group": "cosmetic",
        "slug": "static-sling",
        "title": "Static sling",
        "summary": (
            "A supporting strip of tissue suspends the cheek, lip and nostril on the paralyzed "
            "side, improving symmetry, speech and breathing at rest."
        ),
        "meta_description": (
            "Static sling suspension for facial paralysis: supporting a drooping cheek and "
            "mouth when movement cannot be restored, or alongside it."
        ),
        "anesthesia": "General anesthesia",
        "hospital_stay": "Usually same day or one night",
        "recovery": "Swelling for a few weeks; the resting position improves straight away",
        "sections": [
            (
                "What it is",
                """\
A static sling is a strip of strong, flexible tissue that acts like a hammock for the drooping
side of the face. One end is fixed high on the side of the face, near the cheekbone or temple;
the other ends are attached to the corner of the mouth, the upper and lower lip and sometimes the
side of the nostril. The sling holds them in a better position at rest.

It does not create movement, which is why it is called "static". It can be used on its own or
alongside nerve and muscle operations.
""",
            ),
            (
                "Who it can help",
                """\
- People who are not suited to, or do not want, longer reanimation surgery, for example because of
  their general health.
- Patients with a drooping mouth corner that causes drooling, trouble speaking clearly or biting the
  cheek.
- People whose nostril has collapsed, making it hard to breathe through that side of the nose.
- Patients having a dynamic operation, to give extra support while the new smile develops.
""",
            ),
            (
                "How it is done",
                """\
The sling is usually made from fascia, a thin tough layer of tissue taken from the outer thigh, or
from a tendon or a specially prepared donated tissue. Through an incision in the hairline or in
front of the ear and small incisions near the lips, it is passed under the skin and fixed at a
tension that slightly overcorrects the droop, because it relaxes a little as it heals.
""",
            ),
            (
                "Recovery",
                """\
The change in the face at rest is visible straight away, although swelling takes a few weeks to
settle. If fascia was taken from the thigh, the leg is sore for a week or two. A soft diet may help
for the first days.
""",
            ),
            (
                "What results to expect",
                """\
The corner of the mouth and the cheek sit higher and more evenly at rest, which can help with
drinking, speaking and keeping food in the mouth. Breathing through the nose often improves when
the nostril is supported. The face will not move where the sling is, and the smile on the healthy
side still pulls more strongly. A sling does not rule out later reanimation surgery.
""",
            ),
            (
                "Risks and side effects",
                """\
- The sling may stretch over time and need tightening.
- Infection, especially with donated or synthetic material, sometimes requiring removal.
- A look that is too tight or uneven, which can be adjusted.
- Bleeding, swelling and scars at the face and thigh.
""",
            ),
        ],
    },
]

CONDITIONS = [
    {
        "slug": "tumors-and-cancer-treatment",
        "title": "Tumors and cancer treatment",
        "summary": (
            "Tumors of the brain, ear, salivary gland, skin and neck, and the surgery or radiation "
            "used to treat them, can damage the facial nerve."
        ),
        "meta_description": (
            "Facial paralysis after tumors and cancer treatment: how the facial nerve is affected, "
            "when to plan repair, and the options for restoring movement."
        ),
        "procedures": [
            "smile-reanimation",
            "eye-closure-restoration",
            "cross-facial-nerve-graft",
            "masseter-to-facial-nerve-transfer",
            "gracilis-free-muscle-transfer",
            "temporalis-myoplasty",
            "static-sling",
            "eyelid-surgery",
            "brow-lift",
        ],
        "body": """\
## How tumors affect the facial nerve

A tumor is a lump made of cells that divide out of control. Some are benign (not cancer) and some
are malignant (cancer). The facial nerve has a long path, from the brain, through the bone around
the ear and through the parotid salivary gland in the cheek, so tumors in several places can press
on it, grow into it, or sit so close to it that removing them risks harming it. Cancer that started
elsewhere can occasionally spread to this area.

Tumors that most often involve the facial nerve include:

- **Vestibular schwannoma (acoustic neuroma):** a benign tumor on the hearing and balance nerve,
  right beside the facial nerve inside the skull.
- **Parotid gland tumors:** growths in the large salivary gland in front of the ear, through which
  the facial nerve branches run.
- **Facial nerve schwannomas:** rare benign tumors of the nerve itself.
- **Skin and head and neck cancers,** some of which can travel along nerves.

## How treatment can affect the nerve

Sometimes the tumor itself causes the weakness. Sometimes treatment does: surgeons work hard to
protect the nerve, but when it runs through or around the tumor, it cannot always be saved.
Radiation therapy can also affect nearby nerves and slow healing, which is taken into account when
planning reconstruction.

## When to plan reconstruction

The best time to think about the face is before the tumor operation, if that is possible. When the
nerve has to be removed, it can often be repaired in the same operation with a nerve graft, giving
the best chance of recovery. If the nerve was left intact but stopped working, your team may wait
several months to see whether it recovers, with nerve tests to guide the decision.

Protecting the eye comes first in every case. After that, the choice between nerve surgery and
muscle surgery depends mostly on how long the face has been paralyzed.

## Working with your cancer team

Reconstruction is planned together with your surgeons and oncologists, and never delays treatment
of the tumor. If you are under regular scans, those continue as usual; reconstructive surgery does
not prevent follow-up imaging.
""",
    },
    {
        "slug": "bells-palsy",
        "title": "Bell’s palsy",
        "summary": (
            "A sudden weakness of one side of the face. Most people recover fully, but some are "
            "left with weakness or with tight, linked movements called synkinesis."
        ),
        "meta_description": (
            "Bell’s palsy: causes, early treatment, recovery, and what can be done when weakness or "
            "synkinesis remains months later."
        ),
        "procedures": [
            "selective-neurolysis",
            "botox-for-facial-balance",
            "eye-closure-restoration",
            "smile-reanimation",
            "masseter-to-facial-nerve-transfer",
            "cross-facial-nerve-graft",
            "gracilis-free-muscle-transfer",
        ],
        "body": """\
## What Bell’s palsy is

Bell’s palsy is a weakness or paralysis of one side of the face that comes on over hours to a day
or two, without another cause such as a stroke, a tumor or an injury. The facial nerve swells inside
the narrow bony canal it runs through, and stops carrying signals properly. Why it happens is
still debated. Many researchers suspect a dormant virus waking up, most often herpes simplex (the
cold-sore virus) or varicella zoster (the chickenpox and shingles virus). Apart from the weakness
itself, most people who have it are otherwise well.

**Sudden weakness of the face can also be a sign of a stroke.** If it comes with weakness of an
arm or leg, trouble speaking, confusion or a severe headache, call 911 straight away.

## Early treatment

Doctors usually prescribe steroid tablets, ideally started within three days of the weakness
beginning, because they improve the chance of a full recovery. Antiviral medicine is sometimes
added. Protecting the eye is essential while it does not close: lubricating drops by day, ointment
at night, and taping or a moisture shield if needed.

## Recovery

Most people recover completely or almost completely, usually starting within a few weeks and
finishing within a few months. Recovery is less likely to be complete when the paralysis was
total, when there is no improvement after about three weeks, and in older people.

## When recovery is incomplete

Some people are left with weakness, and many who recover partly develop **synkinesis**: the eye
narrows when they smile, the cheek feels tight, the neck bands pull and the smile is held back.
These problems are very treatable:

- facial therapy and [Botox](/procedures/cosmetic/botox-for-facial-balance/) for tightness and
  linked movements;
- [selective neurolysis](/procedures/nerve-surgery/selective-neurolysis/) when tightness still
  holds the smile back;
- [eye closure procedures](/procedures/facial-reanimation/eye-closure-restoration/) when the eye
  remains exposed;
- rarely, when the face stays paralyzed, [smile reanimation](/procedures/facial-reanimation/smile-reanimation/)
  with nerve or muscle surgery.

If your face has not started to recover three to four months after Bell’s palsy, ask for a
specialist assessment. Recovery that is not following the usual course can also be a reason to
look again for another cause.
""",
    },
    {
        "slug": "facial-trauma",
        "title": "Facial trauma",
        "summary": (
            "Cuts, fractures and head injuries can damage the facial nerve or its branches, and "
            "the skin and soft tissues around them."
        ),
        "meta_description": (
            "Facial paralysis after injury: why early nerve repair matters, how damaged branches are "
            "reconnected, and treatment of scars and asymmetry."
        ),
        "procedures": [
            "cross-facial-nerve-graft",
            "masseter-to-facial-nerve-transfer",
            "smile-reanimation",
            "eye-closure-restoration",
            "facial-asymmetry-correction",
            "eyelid-surgery",
            "brow-lift",
            "facelift",
        ],
        "body": """\
## How injuries damage the facial nerve

The facial nerve and its branches can be hurt in several ways:

- **Cuts to the cheek or the side of the face,** from glass, blades or accidents, can divide the
  branches that run just under the skin.
- **Fractures of the skull around the ear (the temporal bone),** after a fall or a car crash, can
  bruise, squeeze or tear the nerve inside the bone.
- **Severe head injuries** can damage the nerve where it leaves the brain.
- **Surgery** near the nerve can occasionally injure it too.

A cut nerve does not knit together the way skin does: its fibers must regrow all the way to the
muscle, and many lose their way. Deeper injuries therefore often need a surgeon to line the ends up
or bridge the gap.

## Why early repair matters

When a nerve branch is cut, the best results come from repairing it soon, ideally in the first few
days. For about three days after the injury the cut ends still respond to a nerve stimulator,
which helps the surgeon find and match them. If the ends cannot be joined directly, a nerve graft
bridges the gap.

When the nerve is injured inside the skull bone, ear specialists decide whether it needs to be
freed from pressure; many of these injuries recover without surgery.

## If movement does not return

If the face has not recovered after several months, nerve tests show whether the muscles can still
be reached. The options are then the same as for other causes: nerve transfers and grafts while the
muscles are alive, and muscle surgery later on.

## Scars and the shape of the face

Injuries often leave more than weakness: scars, changes in contour, or a drooping eyelid or brow.
Dr. Panossian plans the repair of these with the nerve work, so that one set of operations can
deal with both: scar revision, eyelid and brow surgery, and procedures that even out the two
sides.
""",
    },
    {
        "slug": "congenital-facial-paralysis",
        "title": "Congenital facial paralysis and Moebius syndrome",
        "summary": (
            "Some children are born with weakness of one or both sides of the face, as in Moebius "
            "syndrome. Surgery can give them a smile when they are old enough to take part."
        ),
        "meta_description": (
            "Facial paralysis present at birth, including Moebius syndrome: causes, when surgery is "
            "considered, and smile surgery for children."
        ),
        "procedures": [
            "gracilis-free-muscle-transfer",
            "temporalis-myoplasty",
            "cross-facial-nerve-graft",
            "smile-reanimation",
            "eye-closure-restoration",
            "facial-asymmetry-correction",
        ],
        "body": """\
## What congenital facial paralysis is

"Congenital" means present at birth. A baby may be born with part or all of the face unable to
move, on one side or both. There are several causes:

- **Moebius syndrome,** a rare condition in which the nerves that move the face and the eyes do not
  develop fully. Both sides of the face are usually affected, so children cannot smile or frown, and
  they often cannot move their eyes from side to side.
- **Other differences in development,** such as conditions that affect the growth of one side of the
  face, or a facial nerve that did not form normally.
- **Pressure or injury during birth,** for example from a difficult delivery. This kind of weakness
  usually recovers on its own within weeks to months.

In many children no cause is found.

## Care in the early years

Babies and young children with facial paralysis may need help with feeding, speech, protecting the
eyes and sometimes hearing. A team of specialists (pediatricians, eye doctors, speech and feeding
therapists and surgeons) usually shares this care. Children with Moebius syndrome find other ways
to express feelings, through their voice, their eyes and their body, and families are encouraged to
notice and reward them.

## Smile surgery for children

Because children born with facial paralysis may never have had working smile muscles, nerve repair
alone cannot help; a new muscle is needed. The two main options are:

- a [gracilis free muscle transfer](/procedures/muscle-surgery/gracilis-free-muscle-transfer/),
  connected to the nerve of a chewing muscle or to a nerve graft from the healthy side;
- a [lengthening temporalis myoplasty](/procedures/muscle-surgery/temporalis-myoplasty/), using the
  chewing muscle at the temple.

Surgery is often considered from about the age of five, when a child can take part in therapy
afterward, and many families plan it around the school calendar. When both sides are affected,
each side is usually operated on separately, some months apart.

## Planning together

Dr. Panossian cares for children with facial differences and paralysis, and parents are part of
every decision. We will talk about what surgery can and cannot change, the timing that suits your
child, and the support available before and after.
""",
    },
]

GENERAL_FAQS = [
    (
        "Why can’t I smile on one side of my face?",
        """\
Each half of the face has its own facial nerve, which carries the brain's instructions to the
small muscles on that side. When something amuses you, the signal runs along that nerve to the
muscles that draw the corner of the mouth up and out. If the nerve has been harmed (by a virus, a
tumor or its treatment, an injury, or a difference present from birth), or if those muscles never
formed or have wasted, the signal never turns into movement. You feel the smile; that side of the
face simply cannot show it.
""",
    ),
    (
        "Are facial reanimation and smile reanimation the same thing?",
        """\
Yes: both names are used for the same field of surgery. "Smile" gets into the name because it is
the movement patients miss most. Paralysis rarely stops at the mouth, though, so the work also
covers blinking and closing the eye, raising the brow, and how balanced the face looks at rest.
""",
    ),
    (
        "How is treating facial paralysis different from smile reanimation?",
        """\
Think of two goals. One is movement you control: a smile you can make, an eye you can shut. The
other is a face that looks even and feels comfortable when it is still. Reanimation aims at the
first. The wider care of facial paralysis also serves the second, with operations that support
rather than move, such as a [static sling](/procedures/cosmetic/static-sling/), a
[brow lift](/procedures/cosmetic/brow-lift/) or eyelid surgery. Most plans combine the two.
""",
    ),
    (
        "Why is some nerve damage permanent?",
        """\
Nerves heal very slowly, about a millimeter a day, and the process is easily disrupted: regrowing
fibers can get lost at a scar or a gap, or reach the wrong muscle. Meanwhile, a muscle that gets no
signal slowly wastes away and, after a year or two, can no longer be revived. That is why some
injuries need surgery to help the nerve, and why waiting too long can make the damage to the face's
own muscles permanent.
""",
    ),
    (
        "How is facial reanimation performed?",
        """\
No single operation suits everyone; a plan is built from a few kinds of treatment. Nerve
operations give the face's own muscles a working supply again. Muscle operations provide a new
source of movement when the original muscles are beyond recovery. Supporting procedures improve
the face at rest. Botox, repeated every few months, evens out the two sides and eases tightness.

Recent nerve injuries are usually treated differently from old ones. Some patients do well with
simple, non-surgical or minimally invasive treatment; others need one or more operations. The
[smile reanimation](/procedures/facial-reanimation/smile-reanimation/) page explains the options in
more detail.
""",
    ),
    (
        "How soon after my face became paralyzed should I see a specialist?",
        """\
As soon as it is clear the face is not recovering as expected, and in any case within a few
months. Nerve repairs and transfers work best while the facial muscles are still alive, usually in
the first 12 to 18 months. An early visit does not commit you to surgery; it keeps more options
open. If a facial nerve has been cut in an injury, repair within the first days gives the best
results.
""",
    ),
    (
        "What should I bring to my first consultation?",
        """\
Please bring a list of your medications, the names of the doctors involved in your care, and any
records you have: operation notes, scan reports or images (such as an MRI), and results of nerve
tests like EMG. Old photographs that show how your face used to move can also help. If you do not
have these, we can request them with your permission.
""",
    ),
    (
        "Can children have facial reanimation surgery?",
        """\
Yes. Children born with facial paralysis, or who develop it after an illness or injury, can be
treated. Smile surgery for children born without facial movement is often done from about the age
of five, when they can take part in the therapy that follows. Eye protection, feeding and speech
support are considered much earlier.
""",
    ),
    (
        "Will my new smile look natural?",
        """\
The aim is a smile that lifts both sides of the mouth evenly and looks like you. How natural it
looks and feels depends on the cause, the timing and the operation: some people learn to smile
spontaneously, while others always need a small conscious effort. We will show you realistic
examples for situations like yours, and we never promise a face exactly as it was before.
""",
    ),
    (
        "Will I need therapy after surgery?",
        """\
Almost always. Facial therapy, usually with a specialist physical therapist, helps you learn to use
a new nerve or muscle, builds strength and control, and reduces unwanted linked movements. Most
people practice exercises at home for many months. It makes a real difference to the final result.
""",
    ),
    (
        "How can I protect my eye while it does not close?",
        """\
Use preservative-free lubricating drops often during the day and a lubricating ointment at night.
A moisture shield or gently taping the lid closed at night can help, and glasses protect against
wind and dust. See your eye doctor or contact us the same day if the eye becomes painful, red or
blurred.
""",
    ),
    (
        "Is facial reanimation covered by insurance?",
        """\
Coverage varies between plans. Operations that restore function after paralysis, such as eye
closure or smile reanimation, are generally treated as reconstructive rather than cosmetic, but each
insurer has its own rules and may ask for records and photographs in advance. Our office can
explain what your insurer is likely to ask for; please confirm your coverage with your insurer
before surgery.
""",
    ),
]
