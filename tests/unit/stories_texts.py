"""Texts for the near-duplicate tests, written for this project: one wire story and four lightly edited
republications (other headlines, bylines, a trailing "Read more" block, a few words changed, a
paragraph dropped or moved), and six different stories on the same topic (strikes on Kharkiv's power
grid) that share its names, places and stock phrases but are not the same story."""

from __future__ import annotations

_P1 = (
    "Russian drones struck an energy facility on the northern edge of Kharkiv overnight, cutting power "
    "to about 40,000 homes and forcing the city's metro to run on backup generators, regional officials "
    "said on Tuesday."
)
_P2 = (
    "Governor Oleh Syniehubov said air defence units shot down nine of the fourteen drones launched "
    "toward the region, but debris from two of them fell on a residential block in the Saltivskyi "
    "district, injuring three people, including a teenage girl. None of the injuries were "
    "life-threatening, he said."
)
_P3 = (
    "Engineers had restored electricity to roughly half of the affected households by mid-morning, "
    "according to the regional power company, which asked residents to limit the use of heavy "
    "appliances during the evening peak. Schools in three districts moved lessons online for the day."
)
_P4 = (
    "Mayor Ihor Terekhov said the strike was the fifth attack on the city's power grid this month. "
    '"They are trying to leave us in the dark before winter, but the city keeps working," he wrote on '
    "his channel, adding that mobile heating points had been opened near the damaged substation."
)
_P5 = (
    "Ukraine's air force said Russia launched a total of 63 drones and two ballistic missiles across "
    "the country overnight. Strikes were also reported in the Sumy and Dnipropetrovsk regions, where "
    "local authorities said industrial sites had been hit."
)
_P6 = (
    "The Kremlin has not commented on the attack. Moscow denies targeting civilians and says it strikes "
    "military-linked infrastructure."
)

WIRE = "\n\n".join(["KHARKIV, Ukraine (Wire) —", _P1, _P2, _P3, _P4, _P5, _P6])

REPUBLISHED = [
    # 1: own headline and byline, the body as sent, a "Read more" block.
    "\n\n".join(
        [
            "Drone attack leaves 40,000 Kharkiv homes without power",
            "By staff and wire reports | Updated 09:40",
            _P1,
            _P2,
            _P3,
            _P4,
            _P5,
            _P6,
            "Read more:\nWinter heating plan for frontline cities unveiled\nHow Kharkiv's metro became a "
            "shelter\nEU pledges new generators for Ukrainian schools\nLive map: air raid alerts today",
        ]
    ),
    # 2: British spellings, a few words changed, the last paragraph dropped.
    "\n\n".join(
        [
            "Kharkiv plunged into darkness after overnight strike",
            _P1.replace("overnight", "during the night").replace(
                "said on Tuesday", "told reporters on Tuesday"
            ),
            _P2.replace("defence", "defense").replace("teenage girl", "15-year-old girl"),
            _P3.replace("roughly half", "around half"),
            _P4,
            _P5.replace("63", "sixty-three"),
            "This article was produced with material from news agencies.",
        ]
    ),
    # 3: paragraphs moved, an editor's note at the top, a reporting credit at the end.
    "\n\n".join(
        [
            "Editor's note: this story has been updated with the mayor's comments.",
            _P1,
            _P4,
            _P2,
            _P3,
            _P6,
            _P5,
            "(Reporting by the Kyiv newsroom; editing by the night desk)",
        ]
    ),
    # 4: shortened (the last two paragraphs cut) and a longer link block.
    "\n\n".join(
        [
            "Kharkiv: metro on generators after power station hit",
            "KHARKIV —",
            _P1,
            _P2.replace("Governor Oleh Syniehubov", "Regional governor Oleh Syniehubov"),
            _P3,
            _P4,
            "Read more\nWhy Russia targets Ukraine's grid in autumn\nPhotos: a night in a Kharkiv shelter\n"
            "Sumy region: industrial site hit\nOpinion: Europe must send more air defence\n"
            "Newsletter: the war in five minutes, every morning",
        ]
    ),
]

DIFFERENT = [
    # Another night, another strike on the grid, with the same stock phrases.
    "Russian glide bombs hit a thermal power plant in Kharkiv on Saturday afternoon, Governor Oleh "
    "Syniehubov said, the second strike on the plant since spring. Two workers were injured and a fire "
    "broke out in the turbine hall; firefighters put it out within four hours. The plant supplies heat "
    "to the eastern districts of the city, and officials warned that repairs could take weeks. Ukraine's "
    "air force said Russia also launched 40 drones across the country on Saturday night. The Kremlin has "
    "not commented.",
    # A feature: businesses and generators.
    "On a street of bakeries and repair shops in central Kharkiv, the hum of generators has become part of "
    "the working day. Owners say they now plan baking around the outage schedule and keep diesel in the "
    "back room. One café owner said she bought her second generator after the strikes on the power grid in "
    "the autumn, and that customers come in to charge phones as much as to buy coffee. The city council "
    "has offered small grants to help shops buy batteries and inverters.",
    # Repair crews.
    "Repair crews in Kharkiv worked through the night to replace a transformer damaged by a drone strike, "
    "the regional power company said. A crew leader said his team had rebuilt the same substation three "
    "times this year and that spare parts now arrive from partner cities in Poland and Lithuania. Power "
    "returned to the Saltivskyi district shortly after dawn. Mayor Ihor Terekhov thanked the engineers and "
    "said the city would keep mobile heating points open until the repairs were finished.",
    # The metro as a shelter and school.
    "Children in Kharkiv started the school year underground again, in classrooms built inside metro "
    "stations. Teachers said lessons stop only when the air raid alert is too loud to talk over. Mayor "
    "Ihor Terekhov said six underground schools now teach more than two thousand pupils in shifts, and "
    "that the metro stays open at night as a shelter when drones are launched toward the region. Parents "
    "said they felt safer below ground than in the school buildings above it.",
    # Outage schedules from the ministry.
    "Ukraine's energy ministry announced scheduled power cuts of up to eight hours a day in the Kharkiv "
    "region after a series of attacks on substations. The ministry said households would be split into "
    "groups and told in advance when their power would go off, and asked residents to limit the use of "
    "heavy appliances in the evening. Industrial users will be cut first. Officials said the schedules "
    "would stay in force at least until the end of the month.",
    # A drone strike on a residential building.
    "A Russian drone hit a nine-storey apartment building in Kharkiv's Kyivskyi district late on Thursday, "
    "injuring seven people, Governor Oleh Syniehubov said. Rescuers pulled two residents from the rubble "
    "of the top floor, and a neighbouring kindergarten had its windows blown out. Ukraine's air force said "
    "air defence units shot down most of the drones launched overnight, and strikes were also reported in "
    "the Sumy region. Moscow denies targeting civilians.",
]
