// Textes français propres à l’adaptateur Slack : les échecs de Slack et quelques réponses spécifiques.
export default {
  errors: {
    channelUnreachable: 'Je ne peux pas publier dans ce canal. Dans un canal privé, invitez-moi d’abord (/invite @Parcours), puis lancez {{command}} statut pour publier le message de l’atelier. Votre atelier est enregistré ; rien n’est perdu.',
    missingScope: 'Slack a refusé : il manque à l’application la permission « {{scope}} ». Demandez à un administrateur Slack de la réinstaller depuis le manifeste. Votre modification est enregistrée ; rien n’est perdu.',
    rateLimited: 'Slack nous demande de ralentir. Votre modification est enregistrée ; les messages seront bientôt à jour.',
    other: 'Slack a refusé la demande ({{error}}). Votre modification est enregistrée ; rien n’est perdu.',
  },
};
