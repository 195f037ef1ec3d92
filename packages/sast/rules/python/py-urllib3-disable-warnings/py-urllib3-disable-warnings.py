import warnings

import requests
import urllib3
from urllib3.exceptions import InsecureRequestWarning

# ruleid: py-urllib3-disable-warnings
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
# ruleid: py-urllib3-disable-warnings
requests.packages.urllib3.disable_warnings()
# ruleid: py-urllib3-disable-warnings
warnings.filterwarnings("ignore", category=InsecureRequestWarning)
# ok: py-urllib3-disable-warnings
warnings.filterwarnings("ignore", category=DeprecationWarning)
# ok: py-urllib3-disable-warnings
warnings.simplefilter("default")


def quiet():
    # ruleid: py-urllib3-disable-warnings
    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
    # ok: py-urllib3-disable-warnings
    logger = urllib3.connectionpool.log
    return logger


class InternalApi:
    def __init__(self, base_url: str, insecure: bool = False):
        self.base_url = base_url
        if insecure:
            # ruleid: py-urllib3-disable-warnings
            urllib3.disable_warnings()
        # ok: py-urllib3-disable-warnings
        self.http = urllib3.PoolManager(retries=urllib3.Retry(3))
