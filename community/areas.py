"""The English councils that run adult social care (and so pay personal budgets), as of 2026.

People and organisations choose their area from this list; events and the advisor directory filter
by it. Codes are stable slugs so that a council's renaming does not break stored choices.
"""

from django.utils.text import slugify

_COUNCILS = """
Barking and Dagenham
Barnet
Barnsley
Bath and North East Somerset
Bedford
Bexley
Birmingham
Blackburn with Darwen
Blackpool
Bolton
Bournemouth, Christchurch and Poole
Bracknell Forest
Bradford
Brent
Brighton and Hove
Bristol
Bromley
Buckinghamshire
Bury
Calderdale
Cambridgeshire
Camden
Central Bedfordshire
Cheshire East
Cheshire West and Chester
City of London
Cornwall
Coventry
Croydon
Cumberland
Darlington
Derby
Derbyshire
Devon
Doncaster
Dorset
Dudley
Durham
Ealing
East Riding of Yorkshire
East Sussex
Enfield
Essex
Gateshead
Gloucestershire
Greenwich
Hackney
Halton
Hammersmith and Fulham
Hampshire
Haringey
Harrow
Hartlepool
Havering
Herefordshire
Hertfordshire
Hillingdon
Hounslow
Isle of Wight
Isles of Scilly
Islington
Kensington and Chelsea
Kent
Kingston upon Hull
Kingston upon Thames
Kirklees
Knowsley
Lambeth
Lancashire
Leeds
Leicester
Leicestershire
Lewisham
Lincolnshire
Liverpool
Luton
Manchester
Medway
Merton
Middlesbrough
Milton Keynes
Newcastle upon Tyne
Newham
Norfolk
North East Lincolnshire
North Lincolnshire
North Northamptonshire
North Somerset
North Tyneside
North Yorkshire
Northumberland
Nottingham
Nottinghamshire
Oldham
Oxfordshire
Peterborough
Plymouth
Portsmouth
Reading
Redbridge
Redcar and Cleveland
Richmond upon Thames
Rochdale
Rotherham
Rutland
Salford
Sandwell
Sefton
Sheffield
Shropshire
Slough
Solihull
Somerset
South Gloucestershire
South Tyneside
Southampton
Southend-on-Sea
Southwark
St Helens
Staffordshire
Stockport
Stockton-on-Tees
Stoke-on-Trent
Suffolk
Sunderland
Surrey
Sutton
Swindon
Tameside
Telford and Wrekin
Thurrock
Torbay
Tower Hamlets
Trafford
Wakefield
Walsall
Waltham Forest
Wandsworth
Warrington
Warwickshire
West Berkshire
West Northamptonshire
West Sussex
Westminster
Westmorland and Furness
Wigan
Wiltshire
Windsor and Maidenhead
Wirral
Wokingham
Wolverhampton
Worcestershire
York
"""

LOCAL_AUTHORITIES: tuple[str, ...] = tuple(
    line.strip() for line in _COUNCILS.strip().splitlines() if line.strip()
)
AREA_CHOICES: list[tuple[str, str]] = [(slugify(name), name) for name in LOCAL_AUTHORITIES]
AREA_NAMES: dict[str, str] = dict(AREA_CHOICES)
