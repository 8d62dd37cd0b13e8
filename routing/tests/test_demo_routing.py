from datetime import timedelta

from complaints.customers import Contact
from complaints.models import Category, Channel, Remedy, TimelineEntry
from intake.registration import register_complaint
from notifications.models import StaffAlert
from reklamo.demo_data import seed_demo
from routing.models import AgentProfile, Mode, RoutingSettings


def test_demo_routes_polish_goods_to_the_polish_speaking_agent(db, now):
    seed_demo(now=now, count=12)
    rules = RoutingSettings.objects.get()
    assert rules.mode == Mode.LEAST_LOAD and rules.match_languages and rules.match_categories
    assert AgentProfile.objects.get(user__username="agent").languages == ["en", "pl"]
    goods = Category.objects.get(name="Goods")
    services = Category.objects.get(name="Services")

    def new(language, category, email):
        return register_complaint(
            channel=Channel.WEB_FORM,
            contact=Contact(name="Nowy Klient", email=email),
            description="Nie działa.",
            requested_remedy=Remedy.REPAIR,
            language=language,
            received_at=now + timedelta(minutes=5),
            category=category,
            attributes={"serial_number": "SN-1"} if category == goods else None,
            consent_given=True,
        )

    polish_goods = new("pl", goods, "nowy@example.com")
    polish_service = new("pl", services, "inny@example.com")

    assert polish_goods.owner.username == "agent"
    assert polish_service.owner is None
    assert TimelineEntry.objects.filter(complaint=polish_service, data__how="not_routed").exists()
    assert StaffAlert.objects.filter(
        kind="routing_failed", complaint=polish_service, recipient__username="manager"
    ).exists()
