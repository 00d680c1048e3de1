"""The demonstration practice's treatments, causes and questions, written for this site.

Facts (which procedures the practice offers, the causes of facial paralysis it treats, the questions
patients ask) come from the practice's current public page; every sentence here is our own.
Bodies are Markdown, rendered and sanitised like anything staff type in the admin.
"""

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
    },
    {
        "slug": "muscle-surgery",
        "title": "Muscle surgery",
        "summary": (
            "When the face's own muscles can no longer work, a muscle from the temple or the "
            "thigh can be moved to power a smile."
        ),
        "meta_description": (
            "Temporalis myoplasty, temporalis tendon transfer and gracilis free muscle transfer "
            "to restore a smile after long-standing facial paralysis."
        ),
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
            "Selective neurolysis treats synkinesis after Bell's palsy or facial nerve injury, "
            "releasing tightness so the smile can open."
        ),
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
    },
    {
        "group": "cosmetic",
        "slug": "botox-for-facial-balance",
        "title": "Botox for balance and synkinesis",
        "summary": (
            "Small, targeted doses of botulinum toxin soften overactive muscles, on the "
            "healthy side for balance or on the recovered side for synkinesis."
        ),
        "meta_description": (
            "Botox for facial paralysis: balancing an uneven smile and easing synkinesis, how "
            "treatment works, how long it lasts and side effects."
        ),
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
    },
]

CONDITIONS = []
GENERAL_FAQS = []
