"""The carrier's rate service: the shop's one outbound HTTP call."""
import json
import time
import urllib.request

CARRIER_URL = "https://carrier.example/rates"


def post_json(url, payload):
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def shipping_quote(parcel):
    """The carrier's quote for a parcel; the service drops connections under load."""
    for attempt in range(3):
        try:
            return post_json(CARRIER_URL, parcel)
        except (ConnectionError, TimeoutError):
            if attempt == 2:
                raise
            time.sleep(2)
