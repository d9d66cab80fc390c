from unittest import mock

from django.test import SimpleTestCase

from shop.integrations import shipping_quote


class ShippingQuoteTests(SimpleTestCase):
    """The retry policy, whoever implements it: three attempts two seconds apart, the last error raised."""

    def quote(self, outcomes):
        calls = []

        def post_json(url, payload):
            calls.append(payload)
            outcome = outcomes[len(calls) - 1]
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

        with mock.patch("shop.integrations.post_json", post_json), mock.patch("time.sleep") as sleep:
            try:
                return shipping_quote({"grams": 900}), len(calls), [c.args for c in sleep.call_args_list]
            except Exception as error:
                return error, len(calls), [c.args for c in sleep.call_args_list]

    def test_answers_at_once_when_the_carrier_does(self):
        self.assertEqual(self.quote([{"price": 4}]), ({"price": 4}, 1, []))

    def test_retries_dropped_connections(self):
        self.assertEqual(self.quote([ConnectionError("reset"), TimeoutError("slow"), {"price": 4}]), ({"price": 4}, 3, [(2,), (2,)]))

    def test_gives_up_after_three_attempts_with_the_last_error(self):
        last = ConnectionError("third")
        self.assertEqual(self.quote([ConnectionError("first"), ConnectionError("second"), last, {"price": 4}]), (last, 3, [(2,), (2,)]))

    def test_other_errors_are_not_retried(self):
        error = ValueError("bad parcel")
        self.assertEqual(self.quote([error]), (error, 1, []))
